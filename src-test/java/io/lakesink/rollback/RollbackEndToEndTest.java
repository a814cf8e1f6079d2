package io.lakesink.rollback;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.cli.LakeSinkCli;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollback through the CLI's own entry point against a real broker, a real Connect worker running the connector,
 * and the embedded lake: a bad stretch reaches main (no checks), the operator rolls it back, and the test checks
 * main, the connector, the re-ingested data and the record the rollback left in the lake.
 */
class RollbackEndToEndTest {
    private static final Path EXAMPLE = Path.of("config-examples", "embedded-sink.json");
    private static EmbeddedConnectCluster connect;
    private static Path lakeDir;
    private static Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        lakeDir = Files.createTempDirectory("lakesink-rollback");
        work = Files.createTempDirectory("lakesink-rollback-cli");
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        connect = new EmbeddedConnectCluster.Builder().name("lakesink-rollback").numWorkers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "1000"))).brokerProps(broker).build();
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        if (connect != null) {
            connect.stop();
        }
    }

    // --- scenarios ---------------------------------------------------------------------------------------------

    @Test
    void rollbackToOffsetMovesMainAtomicallyResumesAndReingestsExactlyOnce() throws Exception {
        Sink s = Sink.start("rb-offset", 2);
        Commit good = s.publish(0, 50, false);
        Commit bad = s.publish(50, 70, true);

        Cli dry = cli("rollback", "--config", s.configFile(), "--to-offset", s.topic + ":0:50");
        assertEquals(0, dry.exit, dry.all());
        assertTrue(dry.out.contains(s.topic + ":0 [50, 70)"), dry.out);
        assertTrue(dry.out.contains("Dry run: nothing changed"), dry.out);
        assertEquals(bad.id(), s.main().id(), "a dry run changes nothing");

        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            try (EmbeddedLake reader = EmbeddedLake.open(lakeDir)) {
                while (polling.get()) {
                    seen.add(reader.getCommit(s.repo, "main").id());
                }
            }
        });
        poller.start();
        Cli run = cli("rollback", "--config", s.configFile(), "--to-offset", s.topic + ":0:50", "--yes",
                "--reason", "bad batch at 50", "--operator", "test-operator");
        polling.set(false);
        poller.join();
        assertEquals(0, run.exit, run.all());
        assertEquals(good.id(), s.main().id(), "main is back at the last commit before offset 50");
        assertEquals(0, s.count("main", "bad"), "no bad row on main");
        seen.remove(bad.id());
        seen.remove(good.id());
        assertEquals(Set.of(), seen, "a reader of main saw only the old head and the target, never a state between");

        RollbackLog.Entry started = s.records().stream().filter(e -> RollbackLog.STARTED.equals(e.kind()))
                .findFirst().orElseThrow();
        assertEquals("test-operator", started.get(RollbackLog.WHO));
        assertEquals("bad batch at 50", started.get(RollbackLog.REASON));
        assertEquals(bad.id(), started.get(RollbackLog.MAIN_FROM));
        assertEquals(good.id(), started.get(RollbackLog.MAIN_TO));
        assertEquals(RollbackLog.COMPLETED, s.records().get(0).kind());

        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(s.name, 2, "connector resumed");
        // the fix: good records after the stretch; the stretch itself is read again, once
        s.publish(70, 80, false);
        s.assertEveryOffsetOnceUpTo(80);
        s.delete();
    }

    @Test
    void skipToOffsetResumesPastThePoisonRange() throws Exception {
        Sink s = Sink.start("rb-skip", 1);
        s.publish(0, 30, false);
        s.publish(30, 45, true);
        Cli run = cli("rollback", "--config", s.configFile(), "--to-offset", s.topic + ":0:30",
                "--skip-to-offset", s.topic + ":0:45", "--yes", "--reason", "poison");
        assertEquals(0, run.exit, run.all());
        assertTrue(run.out.contains("skipped for good: 15 offset(s)"), run.out);
        s.publish(45, 60, false);
        assertEquals(0, s.count("main", "bad"));
        assertEquals(45, s.count("main", "true"), "offsets 0-29 and 45-59, once each");
        assertEquals(45, s.distinctOffsets("main"));
        s.delete();
    }

    @Test
    void lastGoodGoesBackBeforeTheCommitMarkedBad() throws Exception {
        Sink s = Sink.start("rb-lastgood", 1);
        Commit good = s.publish(0, 20, false);
        Commit bad = s.publish(20, 30, true);
        s.publish(30, 40, false);

        Cli noneBad = cli("rollback", "--config", s.configFile(), "--last-good");
        assertEquals(1, noneBad.exit, noneBad.all());
        assertTrue(noneBad.err.contains("mark-bad"), noneBad.err);

        Cli mark = cli("mark-bad", "--config", s.configFile(), bad.id(), "--reason", "amounts doubled");
        assertEquals(0, mark.exit, mark.all());
        Cli run = cli("rollback", "--config", s.configFile(), "--last-good", "--yes", "--reason", "doubled");
        assertEquals(0, run.exit, run.all());
        assertEquals(good.id(), s.main().id());
        s.awaitMain(40);
        s.assertEveryOffsetOnceUpTo(40);
        s.delete();
    }

    @Test
    void revertModeKeepsMainsHistoryAndPublishingGoesOn() throws Exception {
        Sink s = Sink.start("rb-revert", 1);
        Commit good = s.publish(0, 20, false);
        Commit bad = s.publish(20, 30, true);
        Cli run = cli("rollback", "--config", s.configFile(), "--to-commit", good.id(), "--mode", "revert", "--yes",
                "--reason", "keep history");
        assertEquals(0, run.exit, run.all());
        Commit head = s.main();
        assertEquals(bad.id(), head.parents().get(0), "the revert is a new commit on top of the bad one");
        assertEquals(0, s.count("main", "bad"));
        assertEquals(20, s.count("main", "true"));
        s.awaitMain(30);
        s.publish(30, 40, false);
        s.assertEveryOffsetOnceUpTo(40);
        assertTrue(Pages.all(p -> s.lake.log(s.repo, "main", p)).stream().anyMatch(c -> c.id().equals(bad.id())),
                "the bad commit stays in main's history");
        s.delete();
    }

    @Test
    void aRollbackCutOffHalfWayIsFinishedByRunningItAgain() throws Exception {
        Sink s = Sink.start("rb-resume", 1);
        Commit good = s.publish(0, 20, false);
        s.publish(20, 30, true);
        // what a killed CLI leaves behind: connector stopped, rollback recorded, main moved, ingest not
        SinkBranches b = new SinkBranches(s.lake, s.repo, "main", "ingest");
        RollbackPlan plan = new RollbackPlanner(b).plan(new RollbackTarget.ToCommit(good.id()), RollbackMode.RESET,
                java.util.Optional.empty());
        ConnectRest rest = new ConnectRest(connectUrl(), null, null, null, java.time.Duration.ofSeconds(30));
        rest.stop(s.name);
        connect.assertions().assertConnectorIsStopped(s.name, "stopped");
        new RollbackLog(b).append("Rollback cut off", Map.of(RollbackLog.KIND, RollbackLog.STARTED,
                CommitMetadata.ROLLBACK_ID, "cutoff1", CommitMetadata.CONNECTOR, s.name, RollbackLog.MODE, "reset",
                RollbackLog.MAIN_FROM, plan.mainFrom().id(), RollbackLog.MAIN_TO, plan.mainTo().id(),
                RollbackLog.INGEST_FROM, plan.ingestFrom().id(), RollbackLog.INGEST_TO, plan.ingestTo().id(),
                RollbackLog.RESUME_OFFSETS, plan.resumeOffsets().toJson()));
        s.lake.hardReset(s.repo, "main", good.id());

        Cli status = cli("status", "--config", s.configFile());
        assertEquals(0, status.exit, status.all());
        assertTrue(status.out.contains("UNFINISHED rollback cutoff1"), status.out);
        String mainBefore = s.main().id();
        Cli another = cli("rollback", "--config", s.configFile(), "--to-offset", s.topic + ":0:10", "--yes", "--reason",
                "a new target");
        assertTrue(another.exit != 0 && another.err.contains("rollback cutoff1") && another.err.contains("unfinished"),
                another.all());
        assertEquals(mainBefore, s.main().id(), "a new rollback waits for the unfinished one");
        Cli again = cli("rollback", "--config", s.configFile(), "--yes", "--reason", "finish it");
        assertEquals(0, again.exit, again.all());
        assertTrue(again.out.contains("Finished rollback cutoff1"), again.out);
        assertEquals(RollbackLog.COMPLETED, s.records().get(0).kind());
        assertFalse(new RollbackLog(b).unfinished().isPresent());
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(s.name, 1, "resumed");
        s.awaitMain(30);
        s.assertEveryOffsetOnceUpTo(30);
        s.delete();
    }

    @Test
    void thePlanIsMadeAgainOnceTheConnectorHasStoppedSoCommitsMadeMeanwhileAreCovered() throws Exception {
        Sink s = Sink.start("rb-replan", 1);
        Commit good = s.publish(0, 20, false);
        s.publish(20, 30, true);
        SinkBranches b = new SinkBranches(s.lake, s.repo, "main", "ingest");
        ConnectRest rest = new ConnectRest(connectUrl(), null, null, null, java.time.Duration.ofSeconds(30));
        s.produce(30, 40, false); // still arriving while the operator decides
        List<String> stateWhenPlanned = new ArrayList<>();
        RollbackExecutor.Executed done = new RollbackExecutor(b, rest, s.name, java.time.Duration.ofSeconds(60),
                line -> { }).execute(() -> {
                    stateWhenPlanned.add(rest.state(s.name));
                    return new RollbackPlanner(b).plan(new RollbackTarget.ToOffset(
                            PartitionOffset.parse(s.topic + ":0:20")), RollbackMode.REVERT, java.util.Optional.empty());
                }, "test", "replan");
        assertEquals(List.of("STOPPED"), stateWhenPlanned, "planned only once nothing could commit any more");
        assertEquals(good.id(), done.plan().mainTo().id());
        assertEquals(0, s.count("main", "bad"), "whatever was published meanwhile is undone too");
        assertEquals(20, s.count("main", "true"));
        s.awaitMain(40);
        s.assertEveryOffsetOnceUpTo(40);
        s.delete();
    }

    @Test
    void aSecondRollbackWhileTheFirstHoldsTheLeaseIsRefusedNamingItAndMovesNothing() throws Exception {
        Sink s = Sink.start("rb-twice", 1);
        Commit good = s.publish(0, 20, false);
        s.publish(20, 30, true);
        SinkBranches b = new SinkBranches(s.lake, s.repo, "main", "ingest");
        ConnectRest rest = new ConnectRest(connectUrl(), null, null, null, java.time.Duration.ofSeconds(30));
        List<Cli> second = new ArrayList<>();
        List<String> headsAroundTheSecond = new ArrayList<>();
        RollbackExecutor.Executed first = new RollbackExecutor(b, rest, s.name, java.time.Duration.ofSeconds(60),
                line -> { }).execute(() -> {
                    // the first rollback holds the lease and has stopped the connector: now a second one runs
                    headsAroundTheSecond.add(s.main().id() + " " + s.lake.getCommit(s.repo, "ingest").id());
                    second.add(cli("rollback", "--config", s.configFile(), "--to-offset", s.topic + ":0:10", "--yes",
                            "--reason", "second", "--operator", "bob"));
                    headsAroundTheSecond.add(s.main().id() + " " + s.lake.getCommit(s.repo, "ingest").id());
                    headsAroundTheSecond.add(rest.state(s.name));
                    return new RollbackPlanner(b).plan(new RollbackTarget.ToCommit(good.id()), RollbackMode.RESET,
                            java.util.Optional.empty());
                }, "alice", "first");
        Cli refused = second.get(0);
        assertTrue(refused.exit != 0, refused.all());
        assertTrue(refused.err.contains("another rollback is unfinished") && refused.err.contains("by alice")
                && refused.err.contains(RollbackLease.BRANCH) && refused.err.contains("nothing changed"), refused.all());
        assertEquals(headsAroundTheSecond.get(0), headsAroundTheSecond.get(1), "the second moved nothing");
        assertEquals("STOPPED", headsAroundTheSecond.get(2), "the second did not resume the first's stopped connector");
        assertEquals(good.id(), s.main().id(), "the first went ahead");
        assertEquals(first.id(), s.records().get(0).rollbackId());
        assertTrue(new RollbackLease(b).holder().isEmpty(), "the lease is given up when the rollback completes");
        assertEquals(0, s.records().stream().filter(r -> "bob".equals(r.get(RollbackLog.WHO))).count());
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(s.name, 1, "resumed");
        s.awaitMain(30);
        s.assertEveryOffsetOnceUpTo(30);
        s.delete();
    }

    @Test
    void aRollbackWhosePlannedHeadsMovedIsRefusedNamingThemAndMovesNothing() throws Exception {
        Sink s = Sink.start("rb-moved", 1);
        Commit good = s.publish(0, 20, false);
        s.publish(20, 30, true);
        SinkBranches b = new SinkBranches(s.lake, s.repo, "main", "ingest");
        ConnectRest rest = new ConnectRest(connectUrl(), null, null, null, java.time.Duration.ofSeconds(30));
        Commit[] movedMain = new Commit[1];
        RollbackPlan[] planned = new RollbackPlan[1];
        RollbackException e = org.junit.jupiter.api.Assertions.assertThrows(RollbackException.class,
                () -> new RollbackExecutor(b, rest, s.name, java.time.Duration.ofSeconds(60), line -> { }).execute(() -> {
                    planned[0] = new RollbackPlanner(b).plan(new RollbackTarget.ToCommit(good.id()), RollbackMode.RESET,
                            java.util.Optional.empty());
                    // someone moves main after the plan was made
                    movedMain[0] = s.lake.commit(s.repo, "main", io.lakesink.lake.CommitRequest.of("by hand")
                            .allowingEmpty());
                    return planned[0];
                }, "alice", "moved"));
        String ingest = s.lake.getCommit(s.repo, "ingest").id();
        assertTrue(e.getMessage().contains(planned[0].mainFrom().id()) && e.getMessage().contains(movedMain[0].id())
                && e.getMessage().contains(planned[0].ingestFrom().id()) && e.getMessage().contains("Nothing was changed"),
                e.getMessage());
        assertEquals(movedMain[0].id(), s.main().id(), "main not moved");
        assertEquals(planned[0].ingestFrom().id(), ingest, "ingest not moved");
        assertTrue(new RollbackLease(b).holder().isEmpty());
        assertTrue(s.records().stream().noneMatch(r -> RollbackLog.STARTED.equals(r.kind())), "nothing recorded");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(s.name, 1, "resumed: nothing changed");

        // a rollback cut off half-way whose branches someone moved since is not finished over them
        RollbackPlan plan = new RollbackPlanner(b).plan(new RollbackTarget.ToCommit(good.id()), RollbackMode.RESET,
                java.util.Optional.empty());
        rest.stop(s.name);
        connect.assertions().assertConnectorIsStopped(s.name, "stopped");
        new RollbackLog(b).append("Rollback cut off", Map.of(RollbackLog.KIND, RollbackLog.STARTED,
                CommitMetadata.ROLLBACK_ID, "cutoff2", CommitMetadata.CONNECTOR, s.name, RollbackLog.MODE, "reset",
                RollbackLog.MAIN_FROM, plan.mainFrom().id(), RollbackLog.MAIN_TO, plan.mainTo().id(),
                RollbackLog.INGEST_FROM, plan.ingestFrom().id(), RollbackLog.INGEST_TO, plan.ingestTo().id(),
                RollbackLog.RESUME_OFFSETS, plan.resumeOffsets().toJson()));
        Commit movedIngest = s.lake.commit(s.repo, "ingest", io.lakesink.lake.CommitRequest.of("by hand too")
                .allowingEmpty());
        Cli finish = cli("rollback", "--config", s.configFile(), "--yes", "--reason", "finish it");
        assertTrue(finish.exit != 0, finish.all());
        assertTrue(finish.err.contains(plan.ingestFrom().id()) && finish.err.contains(movedIngest.id()), finish.all());
        assertEquals(plan.mainFrom().id(), s.main().id(), "main not moved");
        assertEquals(movedIngest.id(), s.lake.getCommit(s.repo, "ingest").id(), "ingest not moved");
        assertEquals(RollbackLog.ABANDONED, s.records().get(0).kind());
        assertFalse(new RollbackLog(b).unfinished().isPresent(), "abandoned, so a new plan can be made");
        rest.resume(s.name);
        s.delete();
    }

    @Test
    void offsetsKafkaNoLongerHoldsAreNamedAndRefusedUnlessAccepted() throws Exception {
        Sink s = Sink.start("rb-retention", 1);
        Commit before = s.publish(0, 30, false);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                connect.kafka().bootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition(s.topic, 0), RecordsToDelete.beforeOffset(25))).all().get();
        }
        Cli refused = cli("rollback", "--config", s.configFile(), "--to-offset", s.topic + ":0:10", "--yes",
                "--reason", "x");
        assertEquals(1, refused.exit, refused.all());
        // offset 10 is in the first commit, so ingestion would re-read from 0; Kafka starts at 25 now
        assertTrue(refused.err.contains(s.topic + ":0 [0, 25)"), refused.err);
        assertTrue(refused.err.contains("--accept-data-loss"), refused.err);
        assertEquals(before.id(), s.main().id(), "nothing changed");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(s.name, 1, "still running");

        Cli accepted = cli("rollback", "--config", s.configFile(), "--to-offset", s.topic + ":0:10", "--yes",
                "--reason", "x", "--accept-data-loss");
        assertEquals(0, accepted.exit, accepted.all());
        s.awaitMain(30);
        assertEquals(5, s.count("main", "true"), "only what Kafka still held (offsets 25-29) came back");
        assertEquals(0, s.count("main", "_kafka_offset < 25"));
        s.delete();
    }

    @Test
    void anUnknownConnectorOrAnUnreachableConnectIsRefusedWithNothingChanged() throws Exception {
        Sink s = Sink.start("rb-refuse", 1);
        s.publish(0, 20, false);
        Commit before = s.publish(20, 30, false);
        Cli unknown = cli("rollback", "--config", s.configFile(), "--connector", "no-such-connector", "--to-offset",
                s.topic + ":0:20", "--yes", "--reason", "x");
        assertEquals(1, unknown.exit, unknown.all());
        assertTrue(unknown.err.contains("connector 'no-such-connector' does not exist"), unknown.err);
        Cli unreachable = cli("rollback", "--config", s.configFile(), "--connect-url", "http://127.0.0.1:9",
                "--to-offset", s.topic + ":0:20", "--yes", "--reason", "x");
        assertEquals(1, unreachable.exit, unreachable.all());
        assertTrue(unreachable.err.contains("cannot reach the Kafka Connect REST API"), unreachable.err);
        assertEquals(before.id(), s.main().id(), "nothing changed");
        assertTrue(s.records().isEmpty(), "no rollback recorded");
        s.delete();
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static String connectUrl() {
        String connectors = connect.endpointForResource("connectors");
        return connectors.substring(0, connectors.length() - "connectors".length());
    }

    record Cli(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\nout:\n" + out + "\nerr:\n" + err;
        }
    }

    static Cli cli(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (!a.contains("--connect-url") && !List.of("mark-bad").contains(a.get(0))) {
            a.add("--connect-url");
            a.add(connectUrl());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakeSinkCli.run(new PrintWriter(out, true), new PrintWriter(err, true), a.toArray(String[]::new));
        return new Cli(exit, out.toString(), err.toString());
    }

    /** One connector writing one topic into its own repository, and what the test does with it. */
    static final class Sink {
        final String name;
        final String topic;
        final String repo;
        final int partitions;
        final EmbeddedLake lake;
        private final Path config;

        private Sink(String name, int partitions, Path config) {
            this.name = name;
            this.topic = name + "-events";
            this.repo = name + "-lake";
            this.partitions = partitions;
            this.config = config;
            this.lake = EmbeddedLake.open(lakeDir);
        }

        static Sink start(String name, int partitions) throws Exception {
            ObjectMapper json = new ObjectMapper();
            Map<String, String> c = json.convertValue(json.readTree(EXAMPLE.toFile()).get("config"),
                    new TypeReference<>() { });
            c.put("topics", name + "-events");
            c.put("tasks.max", Integer.toString(partitions));
            c.put("lake.embedded.path", lakeDir.toString());
            c.put("lake.repository", name + "-lake");
            c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
            c.put("commit.interval.ms", "1000");
            c.put("commit.timeout.ms", "5000");
            c.put("flush.size", "1000");
            c.put("errors.deadletterqueue.topic.replication.factor", "1");
            c.put("errors.deadletterqueue.topic.name", name + "-dlq");
            Path file = work.resolve(name + ".json");
            Map<String, Object> posted = new HashMap<>();
            posted.put("name", name);
            posted.put("config", c);
            json.writeValue(file.toFile(), posted);
            connect.kafka().createTopic(name + "-events", partitions);
            connect.configureConnector(name, c);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, partitions, name + " did not start");
            return new Sink(name, partitions, file);
        }

        String configFile() {
            return config.toString();
        }

        /** Records with ids [from, to) in every partition; {@code bad} marks the stretch to roll back. */
        void produce(int from, int to, boolean bad) {
            for (int p = 0; p < partitions; p++) {
                for (int i = from; i < to; i++) {
                    connect.kafka().produce(topic, p, "k" + i, "{\"id\":" + i + ",\"bad\":" + bad + "}");
                }
            }
        }

        Commit main() {
            return lake.getCommit(repo, "main");
        }

        /** Produces ids [from, to) in every partition and waits until main holds them; main's head then. */
        Commit publish(int from, int to, boolean bad) throws InterruptedException {
            produce(from, to, bad);
            long[] next = new long[partitions];
            java.util.Arrays.fill(next, to);
            awaitMain(next);
            return main();
        }

        void awaitMain(long... next) throws InterruptedException {
            TestUtils.waitForCondition(() -> {
                OffsetMap o = CommitMetadata.offsetsAt(lake, repo, "main");
                for (int p = 0; p < next.length; p++) {
                    if (o.get(new TopicPartition(topic, p)).orElse(-1L) != next[p]) {
                        return false;
                    }
                }
                return true;
            }, 60_000, "main of " + repo + " never reached offsets " + java.util.Arrays.toString(next) + "; it has "
                    + CommitMetadata.offsetsAt(lake, repo, "main"));
        }

        List<RollbackLog.Entry> records() {
            return new RollbackLog(new SinkBranches(lake, repo, "main", "ingest")).entries();
        }

        long count(String ref, String where) throws Exception {
            return scalar(ref, "SELECT count(*) FROM rows WHERE " + where);
        }

        long distinctOffsets(String ref) throws Exception {
            return scalar(ref, "SELECT count(DISTINCT (_kafka_partition, _kafka_offset)) FROM rows");
        }

        /** Every offset [0, next) of every partition is on main exactly once. */
        void assertEveryOffsetOnceUpTo(long next) throws Exception {
            assertEquals(next * partitions, scalar("main", "SELECT count(*) FROM rows"), "rows on main");
            assertEquals(next * partitions, distinctOffsets("main"), "distinct offsets on main");
            assertEquals(0, scalar("main", "SELECT count(*) FROM rows WHERE _kafka_offset >= " + next));
        }

        private long scalar(String ref, String sql) throws Exception {
            List<String> files = Pages.all(p -> lake.listObjects(repo, ref, "topics/", p)).stream()
                    .filter(o -> o.path().endsWith(".parquet")).map(ObjectStats::physicalAddress)
                    .map(a -> Path.of(URI.create(a)).toString()).toList();
            if (files.isEmpty()) {
                return 0;
            }
            String list = files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(",", "[", "]"));
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                st.execute("CREATE VIEW rows AS SELECT * FROM read_parquet(" + list + ", union_by_name = true)");
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        void delete() {
            connect.deleteConnector(name);
            lake.close();
        }
    }
}
