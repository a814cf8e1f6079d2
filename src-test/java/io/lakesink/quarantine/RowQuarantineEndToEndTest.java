package io.lakesink.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.cli.LakeSinkCli;
import io.lakesink.connect.LakeSinkConnector;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's end-to-end case on a real broker and Connect worker: 20,000 orders with 1 % bad amounts spread
 * through the stream, commits every 2 s, a check that names its rows. Main holds every good order once and no bad
 * one; quarantine holds exactly the bad ones. A rollback to the middle and the re-read end in the same state; a
 * release puts one entry's rows on main once, and a second release is refused.
 */
class RowQuarantineEndToEndTest {
    private static final String NAME = "orders-quarantine";
    private static final String TOPIC = "orders";
    private static final String REPO = "shop";
    private static final int ORDERS = 20_000;
    private static final int PARTITIONS = 2;

    private static EmbeddedConnectCluster connect;
    private static Path lakeDir;
    private static Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        lakeDir = Files.createTempDirectory("lakesink-row-quarantine");
        work = Files.createTempDirectory("lakesink-row-quarantine-cli");
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        connect = new EmbeddedConnectCluster.Builder().name("lakesink-row-quarantine").numWorkers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "1000"))).brokerProps(broker).build();
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        if (connect != null) {
            connect.stop();
        }
    }

    /** Every 100th order from the 37th on has a non-positive amount: 200 of 20,000, spread through the stream. */
    private static boolean bad(int i) {
        return i % 100 == 37;
    }

    @Test
    void badRowsGoToQuarantineGoodRowsReachMainOnceThroughARollbackAndARelease() throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", LakeSinkConnector.class.getName());
        c.put("topics", TOPIC);
        c.put("tasks.max", Integer.toString(PARTITIONS));
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("lake.embedded.path", lakeDir.toString());
        c.put("lake.repository", REPO);
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("commit.interval.ms", "2000");
        c.put("checks", "positive_amounts");
        c.put("checks.positive_amounts.type", "sql");
        c.put("checks.positive_amounts.sql", "SELECT * FROM orders WHERE amount <= 0");
        c.put("checks.on.failure", "quarantine");
        Path config = work.resolve(NAME + ".json");
        new ObjectMapper().writeValue(config.toFile(), Map.of("name", NAME, "config", c));
        connect.kafka().createTopic(TOPIC, PARTITIONS);
        connect.configureConnector(NAME, c);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(NAME, PARTITIONS, "LakeSink did not start");

        Set<String> badRows = produce();
        assertEquals(ORDERS / 100, badRows.size());
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            awaitEverythingOnMain(lake);
            assertEndState(lake, badRows, "after ingestion");

            Cli rollback = cli("rollback", "--config", config.toString(), "--to-offset", TOPIC + ":0:" + ORDERS / 4,
                    "--yes", "--reason", "re-read the second half", "--operator", "test");
            assertEquals(0, rollback.exit(), rollback.toString());
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(NAME, PARTITIONS, "resumed");
            awaitEverythingOnMain(lake);
            assertEndState(lake, badRows, "after the rollback and the re-read");

            QuarantineEntries entries = new QuarantineEntries(lake, REPO, "ingest", "main", "topics");
            QuarantineEntry entry = entries.list().stream()
                    .filter(e -> e.state() == QuarantineEntry.State.WAITING).findFirst().orElseThrow();
            Set<String> released = rowsOf(lake, entry.entryCommit().id(), entries.files(entry));
            Cli release = cli("quarantine", "release", entry.branch(), "--force", "--reason", "refunds",
                    "--config", config.toString());
            assertEquals(0, release.exit(), release.toString());
            Cli twice = cli("quarantine", "release", entry.branch(), "--force", "--reason", "refunds",
                    "--config", config.toString());
            assertEquals(LakeSinkCli.REFUSED, twice.exit(), twice.toString());
            List<String> onMain = mainRows(lake);
            assertEquals(ORDERS - badRows.size() + released.size(), onMain.size());
            assertEquals(onMain.size(), new HashSet<>(onMain).size(), "every row on main once");
            assertTrue(new HashSet<>(onMain).containsAll(released), "the released rows are on main");
        }
        connect.deleteConnector(NAME);
    }

    /** Produces the orders in ten bursts, so that they span several commits; returns the bad rows' coordinates. */
    private static Set<String> produce() throws InterruptedException {
        Set<String> badRows = new HashSet<>();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
        Map<Integer, Long> next = new HashMap<>();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < ORDERS; i++) {
                int partition = i % PARTITIONS;
                long offset = next.merge(partition, 1L, Long::sum) - 1;
                long amount = bad(i) ? -(i % 7) : 1 + i % 500;
                if (bad(i)) {
                    badRows.add(partition + ":" + offset);
                }
                p.send(new ProducerRecord<>(TOPIC, partition, "o" + i, "{\"order_id\":" + i + ",\"amount\":" + amount
                        + "}"));
                if (i % (ORDERS / 10) == ORDERS / 10 - 1) {
                    p.flush();
                    Thread.sleep(700);
                }
            }
            p.flush();
        }
        return badRows;
    }

    private static void awaitEverythingOnMain(EmbeddedLake lake) throws InterruptedException {
        long perPartition = ORDERS / PARTITIONS;
        TestUtils.waitForCondition(() -> {
            OffsetMap ingest = CommitMetadata.offsetsAt(lake, REPO, "ingest");
            OffsetMap main = CommitMetadata.offsetsAt(lake, REPO, "main");
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition(TOPIC, p);
                if (ingest.get(tp).orElse(-1L) != perPartition || main.get(tp).orElse(-1L) != perPartition) {
                    return false;
                }
            }
            return lake.findMergeBase(REPO, "ingest", "main").id().equals(lake.getCommit(REPO, "ingest").id());
        }, 180_000, "not every order reached ingest and main");
    }

    private static void assertEndState(EmbeddedLake lake, Set<String> badRows, String when) throws Exception {
        List<String> onMain = mainRows(lake);
        assertEquals(ORDERS - badRows.size(), onMain.size(), "every good order on main, " + when);
        Set<String> distinct = new HashSet<>(onMain);
        assertEquals(onMain.size(), distinct.size(), "each once, " + when);
        assertTrue(distinct.stream().noneMatch(badRows::contains), "no bad order on main, " + when);
        assertEquals(0, count(lake, "main", "amount <= 0"), "no bad amount on main, " + when);

        QuarantineEntries entries = new QuarantineEntries(lake, REPO, "ingest", "main", "topics");
        List<String> quarantined = new ArrayList<>();
        for (QuarantineEntry e : entries.list()) {
            if (e.state() == QuarantineEntry.State.WAITING) {
                assertEquals("rows", e.level(), e.branch() + ": only the bad rows go aside");
                quarantined.addAll(rowsOf(lake, e.entryCommit().id(), entries.files(e)));
            }
        }
        assertEquals(badRows.size(), quarantined.size(), "quarantine holds each bad order once, " + when);
        assertEquals(badRows, new HashSet<>(quarantined), "quarantine holds exactly the bad orders, " + when);
    }

    /** Rows of main as "partition:offset". */
    private static List<String> mainRows(EmbeddedLake lake) throws Exception {
        List<ObjectStats> files = new ArrayList<>();
        for (ObjectStats o : Pages.all(p -> lake.listObjects(REPO, "main", "topics/", p))) {
            if (o.path().endsWith(".parquet")) {
                files.add(o);
            }
        }
        return rowList(lake, lake.getCommit(REPO, "main").id(), files, "TRUE");
    }

    private static Set<String> rowsOf(EmbeddedLake lake, String ref, List<ObjectStats> files) throws Exception {
        return new HashSet<>(rowList(lake, ref, files, "TRUE"));
    }

    private static long count(EmbeddedLake lake, String ref, String where) throws Exception {
        List<ObjectStats> files = new ArrayList<>();
        for (ObjectStats o : Pages.all(p -> lake.listObjects(REPO, ref, "topics/", p))) {
            if (o.path().endsWith(".parquet")) {
                files.add(o);
            }
        }
        return rowList(lake, lake.getCommit(REPO, ref).id(), files, where).size();
    }

    private static List<String> rowList(EmbeddedLake lake, String ref, List<ObjectStats> files, String where)
            throws Exception {
        return LakeParquetRows.read(lake, REPO, ref, files, work, "_kafka_partition, _kafka_offset", where);
    }

    private record Cli(int exit, String out, String err) {
    }

    private static Cli cli(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        String connectors = connect.endpointForResource("connectors");
        a.add("--connect-url");
        a.add(connectors.substring(0, connectors.length() - "connectors".length()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakeSinkCli.run(new PrintWriter(out, true), new PrintWriter(err, true), a.toArray(String[]::new));
        return new Cli(exit, out.toString(), err.toString());
    }
}
