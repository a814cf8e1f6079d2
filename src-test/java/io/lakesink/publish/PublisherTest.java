package io.lakesink.publish;

import io.lakesink.check.Check;
import io.lakesink.check.CheckContext;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckRunner;
import io.lakesink.check.catalog.CheckTypes;
import io.lakesink.check.ConnectorTopics;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.FirstParents;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.RevertRequest;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.metrics.LakeSinkMetrics;
import io.lakesink.record.ConvertedRecord;
import io.lakesink.record.ParquetRowWriter;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import io.lakesink.sql.SqlLimits;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publishing on a real embedded lake with real Parquet files and a real DuckDB check. */
class PublisherTest {
    private static final String REPO = "shop";
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path dir;
    private EmbeddedLake lake;
    private LakeFixture fx;
    private long nextOffset;

    /** Fails when any new order has a negative amount: the kind of check a user writes in SQL. */
    private static final Check NO_NEGATIVE_AMOUNTS = new Check() {
        @Override
        public String name() {
            return "no_negative_amounts";
        }

        @Override
        public CheckResult run(CheckContext context) throws Exception {
            long bad = 0;
            for (String topic : context.topics()) {
                String files = context.newFiles(topic).stream().map(p -> "'" + p + "'")
                        .collect(Collectors.joining(",", "[", "]"));
                try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                     Statement s = duck.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + files
                             + ", union_by_name = true) WHERE amount < 0")) {
                    rs.next();
                    bad += rs.getLong(1);
                }
            }
            return bad == 0 ? CheckResult.pass(name(), 0, "no negative amounts")
                    : CheckResult.fail(name(), bad, bad + " row(s) with amount < 0");
        }
    };

    @BeforeEach
    void setUp() {
        lake = EmbeddedLake.open(dir.resolve("lake"));
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
        fx = new LakeFixture(lake, REPO);
    }

    @AfterEach
    void tearDown() {
        lake.close();
    }

    private final LakeSinkMetrics metrics = LakeSinkMetrics.unregistered();

    private Publisher publisher(FailurePolicy policy, String... requiredTopics) {
        return new Publisher(lake, new PublishSettings(REPO, "ingest", "main", "topics", "orders-sink", policy,
                List.of(requiredTopics), dir.resolve("scratch")), new CheckRunner(List.of(NO_NEGATIVE_AMOUNTS)),
                new ReentrantLock(), metrics);
    }

    /** Commits one Parquet file of orders with these amounts to ingest, as the sink would. */
    private Commit ingest(long... amounts) throws Exception {
        return ingestTo("orders", amounts);
    }

    /** Commits one Parquet file of {@code topic} with these amounts to ingest, as the sink would. */
    private Commit ingestTo(String topic, long... amounts) throws Exception {
        return ingestTimed(topic, null, amounts);
    }

    /** Likewise, with the per-topic newest record times the sink's committer would record ({@code null}: none). */
    private Commit ingestTimed(String topic, String eventTimes, long... amounts) throws Exception {
        RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);
        Path local = dir.resolve("batch-" + java.util.UUID.randomUUID() + ".parquet");
        long first = nextOffset;
        try (ParquetRowWriter writer = openWriter(converter, local, amounts)) {
            for (long amount : amounts) {
                writer.write(converter.convert(order(nextOffset++, amount), writer.schema()));
            }
            writer.finish();
        }
        try (InputStream in = Files.newInputStream(local)) {
            lake.putObject(REPO, "ingest", "topics/" + topic + "/partition=0/" + topic + "+0+" + first + ".parquet", in,
                    null);
        }
        OffsetMap offsets = OffsetMap.EMPTY.with(new TopicPartition(topic, 0), nextOffset);
        Map<String, String> metadata = new java.util.HashMap<>(Map.of(CommitMetadata.KAFKA_OFFSETS, offsets.toJson()));
        if (eventTimes != null) {
            metadata.put(CommitMetadata.EVENT_TIMES, eventTimes);
        }
        return lake.commit(REPO, "ingest", CommitRequest.of("batch from " + first, metadata));
    }

    private static ParquetRowWriter openWriter(RecordConverter converter, Path file, long[] amounts) throws Exception {
        ConvertedRecord probe = converter.convert(order(0, amounts[0]), null);
        return ParquetRowWriter.open(file, probe.schema(), ParquetSettings.DEFAULT);
    }

    private static SinkRecord order(long offset, long amount) {
        return new SinkRecord("orders", 0, null, null, null, Map.of("id", offset, "amount", amount), offset,
                1_700_000_000_000L + offset, TimestampType.CREATE_TIME);
    }

    private List<String> files(String ref) {
        return fx.paths(ref, "topics/");
    }

    @Test
    void goodCommitsReachMainWithTheirOffsetsSourceAndCheckResults() throws Exception {
        ingest(1, 2);
        Commit last = ingest(3);
        publisher(FailurePolicy.HALT).publishPending();
        assertEquals(files("ingest"), files("main"));
        Commit merge = lake.getCommit(REPO, "main");
        assertEquals(last.id(), merge.metadata().get(PublishMetadata.SOURCE));
        assertEquals(last.metadata().get(CommitMetadata.KAFKA_OFFSETS), merge.metadata().get(CommitMetadata.KAFKA_OFFSETS));
        assertTrue(merge.metadata().get(PublishMetadata.CHECKS).contains("\"outcome\":\"passed\""),
                merge.metadata().get(PublishMetadata.CHECKS));
        assertEquals(2, merge.parents().size());
    }

    @Test
    void haltKeepsMainAtTheLastGoodCommitUntilTheBadOneIsReverted() throws Exception {
        Commit good = ingest(1, 2);
        Commit bad = ingest(5, -7);
        ingest(3);
        Publisher publisher = publisher(FailurePolicy.HALT);
        publisher.publishPending();
        assertEquals(good.id(), lake.getCommit(REPO, "main").metadata().get(PublishMetadata.SOURCE));
        assertEquals(1, files("main").size());
        assertEquals(3, files("ingest").size(), "ingestion goes on while publishing is halted");
        assertNotNull(publisher.halt());
        assertEquals(bad.id(), publisher.halt().commitId());
        assertTrue(publisher.halt().results().get(0).message().contains("1 row(s) with amount < 0"));
        assertTrue(metrics.isPublishingHalted());
        assertEquals(bad.id(), metrics.getHaltedAtCommit());
        assertTrue(metrics.getLastFailedCheck().startsWith("no_negative_amounts: 1 row(s)"), metrics.getLastFailedCheck());
        assertEquals(good.id(), metrics.getLastMergedCommit());

        Commit later = ingest(4);
        publisher.publishPending();
        assertEquals(1, files("main").size(), "nothing more reaches main while halted");
        List<AuditLog.Entry> failures = new AuditLog(lake, REPO, "main").entries();
        assertEquals(1, failures.size(), "one failure on record, however often the halted commit is re-checked");
        assertEquals(PublishMetadata.CHECK_FAILED, failures.get(0).kind());
        assertEquals(bad.id(), failures.get(0).get(PublishMetadata.FAILED_COMMIT));
        assertEquals("halt", failures.get(0).get(PublishMetadata.FAILURE_ACTION));
        assertTrue(failures.get(0).get(PublishMetadata.CHECKS).contains("\"outcome\":\"failed\""));

        lake.revert(REPO, "ingest", RevertRequest.of(bad.id()));
        publisher.publishPending();
        assertNull(publisher.halt(), "publishing resumes once the bad commit is reverted");
        assertTrue(!metrics.isPublishingHalted());
        assertEquals(3, files("main").size());
        assertTrue(files("main").stream().noneMatch(p -> p.endsWith("+2.parquet")), "the bad batch stays off main");
        assertEquals(later.metadata().get(CommitMetadata.KAFKA_OFFSETS),
                lake.getCommit(REPO, "main").metadata().get(CommitMetadata.KAFKA_OFFSETS));
    }

    @Test
    void aRevertOfTheHaltedCommitWithNothingAfterItClearsTheHaltEvenForAFreshPublisher() throws Exception {
        Commit good = ingest(1);
        Commit bad = ingest(-1);
        Publisher publisher = publisher(FailurePolicy.HALT);
        publisher.publishPending();
        assertEquals(bad.id(), publisher.halt().commitId());
        Commit revert = lake.revert(REPO, "ingest", RevertRequest.of(bad.id()).withMessage("operator's revert",
                java.util.Map.of(CommitMetadata.KAFKA_OFFSETS, bad.metadata().get(CommitMetadata.KAFKA_OFFSETS))));
        // a restarted connector has a new publisher that never saw the halt
        Publisher fresh = publisher(FailurePolicy.HALT);
        fresh.publishPending();
        assertNull(fresh.halt(), "the bad commit and its revert cancel out: nothing left to fail");
        Commit main = lake.getCommit(REPO, "main");
        assertEquals(revert.id(), main.metadata().get(PublishMetadata.SOURCE), "main records it got past them");
        assertEquals(bad.metadata().get(CommitMetadata.KAFKA_OFFSETS), main.metadata().get(CommitMetadata.KAFKA_OFFSETS));
        assertEquals(1, files("main").size(), "and holds only the good batch " + good.id());
    }

    @Test
    void haltEndsWhenTheBadCommitIsRolledBack() throws Exception {
        Commit good = ingest(1);
        ingest(-1);
        Publisher publisher = publisher(FailurePolicy.HALT);
        publisher.publishPending();
        assertNotNull(publisher.halt());
        lake.hardReset(REPO, "ingest", good.id());
        nextOffset = 1;
        ingest(2);
        publisher.publishPending();
        assertNull(publisher.halt());
        assertEquals(2, files("main").size());
    }

    @Test
    void damagedBytesStopPublishingWithTheMismatchInsteadOfFailingACheckOrQuarantining() throws Exception {
        Commit good = ingest(1, 2);
        publisher(FailurePolicy.QUARANTINE).publishPending();
        String mainBefore = lake.getCommit(REPO, "main").id();
        Commit damaged = ingest(3, 4);
        String path = files("ingest").stream().filter(p -> p.endsWith("+2.parquet")).findFirst().orElseThrow();
        Path file = Path.of(java.net.URI.create(lake.statObject(REPO, "ingest", path).physicalAddress()));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        Publisher publisher = publisher(FailurePolicy.QUARANTINE);
        io.lakesink.lake.ChecksumMismatchException e = assertThrows(io.lakesink.lake.ChecksumMismatchException.class,
                publisher::publishPending);
        assertEquals(path, e.path());
        assertNull(publisher.halt(), "damage is not a check verdict");
        assertEquals(mainBefore, lake.getCommit(REPO, "main").id(), "main unchanged");
        assertEquals(damaged.id(), lake.getCommit(REPO, "ingest").id(), "nothing reverted or quarantined on ingest");
        assertEquals(0, metrics.getQuarantinedCommits());
        assertEquals(good.metadata().get(CommitMetadata.KAFKA_OFFSETS),
                lake.getCommit(REPO, "main").metadata().get(CommitMetadata.KAFKA_OFFSETS));
    }

    @Test
    void quarantineMovesTheBadCommitAsideAndPublishesTheRest() throws Exception {
        ingest(1, 2);
        Commit bad = ingest(-5);
        Commit after = ingest(3);
        Publisher publisher = publisher(FailurePolicy.QUARANTINE);
        publisher.publishPending();
        assertNull(publisher.halt());
        List<String> main = files("main");
        assertEquals(2, main.size(), main.toString());
        assertTrue(main.stream().noneMatch(p -> p.endsWith("+2.parquet")), "the bad batch never reaches main");

        String quarantine = PublishMetadata.quarantineBranch(bad.id());
        Commit entry = lake.getCommit(REPO, quarantine);
        assertEquals(bad.id(), entry.parents().get(0), "the branch stands at the commit, with the entry on top");
        assertEquals(bad.id(), entry.metadata().get(PublishMetadata.QUARANTINE_OF));
        assertEquals(PublishMetadata.LEVEL_COMMIT, entry.metadata().get(PublishMetadata.QUARANTINE_LEVEL));
        assertTrue(files(quarantine).stream().anyMatch(p -> p.endsWith("+2.parquet")));
        Commit revert = lake.getCommit(REPO, "ingest");
        assertEquals(bad.id(), revert.metadata().get(PublishMetadata.QUARANTINE_OF));
        assertEquals(after.metadata().get(CommitMetadata.KAFKA_OFFSETS),
                revert.metadata().get(CommitMetadata.KAFKA_OFFSETS), "the ingest head still says where to resume");

        ingest(4);
        publisher.publishPending();
        assertEquals(3, files("main").size(), "publishing goes on after a quarantine");
        assertEquals(1, metrics.getQuarantinedCommits());
        AuditLog.Entry failure = new AuditLog(lake, REPO, "main").entries().get(0);
        assertEquals(bad.id(), failure.get(PublishMetadata.FAILED_COMMIT));
        assertEquals("quarantine", failure.get(PublishMetadata.FAILURE_ACTION));
    }

    /** A check that reaches for a file of the worker's is quarantined, and the file's content goes nowhere. */
    @Test
    void aCheckReadingTheWorkersFilesLeaksNothingIntoTheLake() throws Exception {
        Path secret = dir.resolve("worker-credentials.csv");
        Files.writeString(secret, "key,value\naws_secret,leak-me-4711\n");
        var type = CheckTypes.byName("sql");
        Check leak = type.create("leak", new AbstractConfig(type.configDef(),
                Map.of("sql", "SELECT * FROM read_csv('" + secret + "')")));
        Commit bad = ingest(1, 2);
        Publisher publisher = new Publisher(lake, new PublishSettings(REPO, "ingest", "main", "topics", "orders-sink",
                FailurePolicy.QUARANTINE, List.of(), dir.resolve("scratch")), new CheckRunner(List.of(leak)),
                new ReentrantLock(), metrics);
        publisher.publishPending();

        List<Commit> written = new ArrayList<>();
        for (String branch : List.of("main", "ingest", PublishMetadata.quarantineBranch(bad.id()), AuditLog.BRANCH)) {
            FirstParents.from(lake, REPO, lake.getCommit(REPO, branch)).forEach(written::add);
        }
        assertTrue(written.size() > 4, written.toString());
        AuditLog.Entry failure = new AuditLog(lake, REPO, "main").entries().get(0);
        assertEquals(bad.id(), failure.get(PublishMetadata.FAILED_COMMIT));
        assertTrue(failure.commit().metadata().toString().contains("Permission Error"), failure.commit().toString());
        CheckReport.Outcome recorded = CheckReport.read(failure.get(PublishMetadata.CHECKS)).get(0);
        assertEquals(CheckResult.Outcome.COULD_NOT_RUN, recorded.outcome(), "told apart from a check that found rows");
        assertFalse(recorded.passed());
        assertTrue(failure.commit().message().contains("leak (could not run)"), failure.commit().message());
        assertEquals(1, metrics.getChecksNotRun());
        assertEquals(0, metrics.getChecksFailed());
        for (Commit c : written) {
            String everything = c.message() + " " + c.metadata();
            assertFalse(everything.contains("leak-me-4711"), everything);
        }
        try (var files = Files.walk(dir.resolve("scratch"))) {
            assertTrue(files.filter(Files::isRegularFile).noneMatch(f -> f.toString().endsWith(".csv")));
        }
    }

    @Test
    void withAWatermarkRequiredTopicsReachMainOnlyWhenTheirRecordTimesAreLevel() throws Exception {
        Publisher publisher = new Publisher(lake, new PublishSettings(REPO, "ingest", "main", "topics", "orders-sink",
                FailurePolicy.HALT, List.of("orders", "customers"), dir.resolve("scratch"), 1_000,
                SqlLimits.DEFAULTS, ConnectorTopics.NONE, io.lakesink.record.ParquetSettings.DEFAULT),
                new CheckRunner(List.of(NO_NEGATIVE_AMOUNTS)), new ReentrantLock(), metrics);
        ingestTimed("orders", "{\"orders\":10000}", 1);
        publisher.publishPending();
        assertEquals(List.of(), files("main"), "customers have no records yet");
        ingestTimed("customers", "{\"customers\":5000,\"orders\":10000}", 2);
        publisher.publishPending();
        assertEquals(List.of(), files("main"), "customers are 5 s behind orders, more than the 1 s allowed");
        ingestTimed("customers", "{\"customers\":9500,\"orders\":10000}", 3);
        publisher.publishPending();
        assertEquals(3, files("main").size(), "level within 1 s: everything reaches main in one merge");
    }

    @Test
    void requiredTopicsReachMainTogether() throws Exception {
        Publisher publisher = publisher(FailurePolicy.HALT, "orders", "customers");
        ingestTo("orders", 1);
        publisher.publishPending();
        assertEquals(List.of(), files("main"), "orders alone must wait for customers");
        ingestTo("orders", 2);
        ingestTo("customers", 3);
        publisher.publishPending();
        assertEquals(3, files("main").size(), "both collections arrive in one merge");
        assertEquals(1, lake.log(REPO, "main", io.lakesink.lake.PageRequest.first()).items().stream()
                .filter(c -> c.parents().size() == 2).count());
    }

    @Test
    void aPreMergeHookThatRejectsTheMergeHaltsPublishingAsAFailedCheck() throws Exception {
        // lakeFS answers 412 when a pre-merge hook says no; the lake interface raises it as precondition failed
        io.lakesink.lake.VersionedLake hooked = (io.lakesink.lake.VersionedLake) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.lakesink.lake.VersionedLake.class}, (proxy, m, args) -> {
                    if (m.getName().equals("merge")) {
                        throw new io.lakesink.lake.LakePreconditionFailedException(
                                "pre-merge hook 'dq_gate' of action 'pre-merge-checks' failed: rows_not_null");
                    }
                    try {
                        return m.invoke(lake, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ingest(1, 2);
        Publisher publisher = new Publisher(hooked, new PublishSettings(REPO, "ingest", "main", "topics", "orders-sink",
                FailurePolicy.QUARANTINE, List.of(), dir.resolve("scratch")), new CheckRunner(List.of()),
                new ReentrantLock(), metrics);
        publisher.publishPending();
        assertNotNull(publisher.halt(), "a hook's refusal stops publishing, whatever the policy");
        assertEquals("lakefs-pre-merge-hook", publisher.halt().results().get(0).check());
        assertTrue(metrics.getLastFailedCheck().contains("dq_gate"), metrics.getLastFailedCheck());
        assertEquals(List.of(), files("main"));
    }
}
