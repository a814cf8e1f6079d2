package io.lakesink.lake.lakefs;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.publish.PublishMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lakesink.cli.LakeSinkCli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sink end to end with {@code lake.backend=lakefs}: two real Connect workers write through {@link LakeFsLake}
 * over HTTP to the spec-validating lakeFS test server (presigned uploads), checks run on what each commit adds and
 * merges reach main; the Parquet is fetched back through the lakeFS API and read by DuckDB.
 */
class LakeFsSinkEndToEndTest {
    private static final String KEY = LakeFsLakeConformanceTest.KEY;
    private static final String SECRET = LakeFsLakeConformanceTest.SECRET;

    @TempDir
    Path dir;

    @Test
    void recordsFromTwoWorkersLandThroughTheLakeFsApiExactlyOnceAndReachMainAfterChecks() throws Exception {
        LakeFsTestServer server = LakeFsTestServer.start(dir.resolve("server"), KEY, SECRET, true);
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("lakesink-lakefs").numWorkers(2)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "1000"))).brokerProps(broker).build();
        connect.start();
        try (LakeFsLake lake = LakeFsLake.open(LakeFsSettings.of(server.endpoint(), KEY, SECRET))) {
            String topic = "payments";
            connect.kafka().createTopic(topic, 4);
            for (int i = 0; i < 200; i++) {
                connect.kafka().produce(topic, i % 4, "k" + i, "{\"id\":" + i + ",\"amount\":" + (i + 1) + "}");
            }
            Map<String, String> c = new HashMap<>();
            c.put("connector.class", "io.lakesink.connect.LakeSinkConnector");
            c.put("tasks.max", "2");
            c.put("topics", topic);
            c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            c.put("value.converter.schemas.enable", "false");
            c.put("lake.backend", "lakefs");
            c.put("lakefs.endpoint", server.endpoint());
            c.put("lakefs.access.key.id", KEY);
            c.put("lakefs.secret.access.key", SECRET);
            c.put("lake.repository", "payments");
            c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
            c.put("commit.interval.ms", "1000");
            c.put("flush.size", "30");
            c.put("checks", "positive");
            c.put("checks.positive.type", "sql");
            c.put("checks.positive.sql", "SELECT * FROM payments WHERE amount <= 0");
            connect.configureConnector("payments-sink", c);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("payments-sink", 2, "not running");

            TestUtils.waitForCondition(() -> reached(lake, "main", topic), 90_000,
                    "main never recorded offset 50 of every partition");
            Commit ingest = lake.getCommit("payments", "ingest");
            Commit main = lake.getCommit("payments", "main");
            assertEquals(ingest.id(), main.metadata().get(PublishMetadata.SOURCE), "main publishes the ingest head");
            assertTrue(main.metadata().get(PublishMetadata.CHECKS).contains("\"positive\""));
            assertTrue(!ingest.metadata().containsValue(SECRET) && !main.metadata().containsValue(SECRET),
                    "the secret never reaches commit metadata");

            assertTrue(server.count("GET", "/repositories/payments/branches/ingest/staging/backing") > 0,
                    "files went through the staging API");
            assertMainHoldsEveryOffsetOnce(lake);

            // the operator's CLI works the same against lakeFS: look, then roll back by offset and re-ingest
            String[] lakeFs = {"--lakefs-endpoint", server.endpoint(), "--lakefs-access-key-id", KEY,
                "--lakefs-secret-access-key", SECRET, "--repository", "payments"};
            String log = cli(concat(new String[] {"log", "main"}, lakeFs));
            assertTrue(log.contains("payments[0:50 1:50 2:50 3:50]"), log);
            String rows = cli(concat(new String[] {"query", "main", "SELECT count(*) AS n FROM payments"}, lakeFs));
            assertTrue(rows.contains("200"), rows);
            String connectors = connect.endpointForResource("connectors");
            String rollback = cli(concat(new String[] {"rollback", "--to-offset", topic + ":0:10", "--yes",
                "--reason", "test", "--connector", "payments-sink", "--bootstrap-servers",
                connect.kafka().bootstrapServers(), "--connect-url",
                connectors.substring(0, connectors.length() - "connectors".length())}, lakeFs));
            assertTrue(rollback.contains("Rolled back"), rollback);
            TestUtils.waitForCondition(() -> reached(lake, "main", topic)
                    && !lake.getCommit("payments", "main").id().equals(main.id()), 90_000,
                    "main never got the re-ingested offsets back");
            assertMainHoldsEveryOffsetOnce(lake);
            connect.deleteConnector("payments-sink");
        } finally {
            connect.stop();
            List<String> violations = server.violations();
            server.close();
            assertEquals(List.of(), violations, "requests the lakeFS API would refuse");
        }
    }

    private void assertMainHoldsEveryOffsetOnce(LakeFsLake lake) throws Exception {
        List<Path> files = fetchParquet(lake, "main");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (_kafka_partition, _kafka_offset)),"
                     + " sum(id) FROM read_parquet(" + files.stream().map(f -> "'" + f + "'")
                     .collect(Collectors.joining(",", "[", "]")) + ")")) {
            rs.next();
            assertEquals(200, rs.getLong(1), "rows on main");
            assertEquals(200, rs.getLong(2), "every offset exactly once");
            assertEquals(199 * 200 / 2, rs.getLong(3));
        }
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LakeSinkCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, code, String.join(" ", args) + "\n" + out + err);
        return out.toString();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean reached(LakeFsLake lake, String branch, String topic) {
        try {
            OffsetMap o = CommitMetadata.offsetsAt(lake, "payments", branch);
            for (int p = 0; p < 4; p++) {
                if (o.get(new TopicPartition(topic, p)).orElse(-1L) != 50) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private List<Path> fetchParquet(LakeFsLake lake, String ref) throws Exception {
        Path target = Files.createDirectories(dir.resolve("fetched-" + System.nanoTime()));
        List<Path> out = new ArrayList<>();
        for (ObjectStats o : Pages.all(p -> lake.listObjects("payments", ref, "topics/", p))) {
            Path f = target.resolve(out.size() + ".parquet");
            try (InputStream in = lake.getObject("payments", ref, o.path())) {
                Files.copy(in, f);
            }
            out.add(f);
        }
        return out;
    }
}
