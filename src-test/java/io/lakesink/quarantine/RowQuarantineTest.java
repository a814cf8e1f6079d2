package io.lakesink.quarantine;

import io.lakesink.check.CheckRunner;
import io.lakesink.check.ConnectorTopics;
import io.lakesink.connect.config.CheckConfigs;
import io.lakesink.cli.LakeSinkCli;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.metrics.LakeSinkMetrics;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.publish.AuditLog;
import io.lakesink.publish.FailurePolicy;
import io.lakesink.publish.PublishMetadata;
import io.lakesink.publish.PublishSettings;
import io.lakesink.publish.Publisher;
import io.lakesink.record.ConvertedRecord;
import io.lakesink.record.ParquetRowWriter;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import io.lakesink.sql.SqlLimits;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Row-level quarantine on a real embedded lake, with Parquet files as the sink writes them, a real {@code sql} and
 * {@code not-null} check, and rows read back by DuckDB: what goes aside, what reaches main, and an operator's
 * release and drop, through the classes and through the CLI.
 */
public class RowQuarantineTest {
    private static final String REPO = "shop";

    @TempDir
    Path dir;
    private VersionedLake lake;
    private final Map<Integer, Long> nextOffset = new HashMap<>();
    private OffsetMap offsets = OffsetMap.EMPTY;
    private final LakeSinkMetrics metrics = LakeSinkMetrics.unregistered();

    /** The backend under test: the embedded lake here, lakeFS through its test server in a subclass. */
    protected VersionedLake openLake(Path dir) {
        return EmbeddedLake.open(dir.resolve("lake"));
    }

    @BeforeEach
    void setUp() {
        lake = openLake(dir);
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
    }

    @AfterEach
    void tearDown() {
        lake.close();
    }

    // --- fixtures -------------------------------------------------------------------------------------------------

    private static Map<String, String> sqlCheck(String sql) {
        return Map.of("checks", "positive", "checks.positive.type", "sql", "checks.positive.sql", sql);
    }

    private static final Map<String, String> NAMES_ROWS = sqlCheck("SELECT * FROM orders WHERE amount < 0");

    private static CheckRunner checks(Map<String, String> config) {
        List<String> names = config.containsKey("checks") ? List.of(config.get("checks").split(",")) : List.of();
        return new CheckRunner(CheckConfigs.build(config, names));
    }

    private Publisher publisher(FailurePolicy policy, Map<String, String> checkConfig) {
        return new Publisher(lake, new PublishSettings(REPO, "ingest", "main", "topics", "shop-sink", policy,
                List.of(), dir.resolve("scratch"), -1, SqlLimits.DEFAULTS, ConnectorTopics.NONE,
                ParquetSettings.DEFAULT), checks(checkConfig), new ReentrantLock(), metrics);
    }

    /** One ingest commit with one file per partition, as the sink writes them; amounts per partition. */
    private Commit ingest(Map<Integer, long[]> amountsByPartition) throws Exception {
        RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);
        for (Map.Entry<Integer, long[]> e : amountsByPartition.entrySet()) {
            int partition = e.getKey();
            long first = nextOffset.getOrDefault(partition, 0L);
            Path local = dir.resolve("batch-" + java.util.UUID.randomUUID() + ".parquet");
            ConvertedRecord probe = converter.convert(order(partition, 0, 1, "x"), null);
            try (ParquetRowWriter writer = ParquetRowWriter.open(local, probe.schema(), ParquetSettings.DEFAULT)) {
                long offset = first;
                for (long amount : e.getValue()) {
                    writer.write(converter.convert(order(partition, offset, amount, "c" + offset), writer.schema()));
                    offset++;
                }
                writer.finish();
                nextOffset.put(partition, offset);
            }
            try (InputStream in = Files.newInputStream(local)) {
                lake.putObject(REPO, "ingest", "topics/orders/partition=" + partition + "/orders+" + partition + "+"
                        + first + ".parquet", in, null);
            }
            offsets = offsets.with(new TopicPartition("orders", partition), nextOffset.get(partition));
        }
        return lake.commit(REPO, "ingest", CommitRequest.of("batch", Map.of(CommitMetadata.KAFKA_OFFSETS,
                offsets.toJson(), CommitMetadata.RECORDS, Long.toString(amountsByPartition.values().stream()
                        .mapToLong(a -> a.length).sum()))));
    }

    private static SinkRecord order(int partition, long offset, long amount, String customer) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", offset);
        value.put("amount", amount);
        value.put("customer", customer);
        return new SinkRecord("orders", partition, null, null, null, value, offset, 1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME);
    }

    private static Map<Integer, long[]> batch(long[] p0, long[] p1) {
        Map<Integer, long[]> m = new LinkedHashMap<>();
        m.put(0, p0);
        m.put(1, p1);
        return m;
    }

    /** Rows of a ref (or of the given files) as "partition:offset:amount", sorted, read by DuckDB. */
    private List<String> rows(String ref) throws Exception {
        List<ObjectStats> files = new ArrayList<>();
        for (ObjectStats o : Pages.all(p -> lake.listObjects(REPO, ref, "topics/", p))) {
            if (o.path().endsWith(".parquet")) {
                files.add(o);
            }
        }
        return rowsOf(ref, files);
    }

    private List<String> rowsOf(String ref, List<ObjectStats> files) throws Exception {
        return LakeParquetRows.read(lake, REPO, ref, files, dir, "_kafka_partition, _kafka_offset, amount", "TRUE");
    }

    private QuarantineEntries entries() {
        return new QuarantineEntries(lake, REPO, "ingest", "main", "topics");
    }

    private QuarantineDecisions decisions() {
        return new QuarantineDecisions(lake, REPO, "main", "topics", "shop-sink");
    }

    private QuarantineDecisions.Recheck recheck(Map<String, String> config) throws Exception {
        return new QuarantineDecisions.Recheck(checks(config), Files.createTempDirectory(dir, "recheck"),
                SqlLimits.DEFAULTS, ConnectorTopics.NONE);
    }

    // --- publishing -----------------------------------------------------------------------------------------------

    @Test
    void onlyTheNamedRowsGoAsideAndTheRestOfTheirCommitReachesMainInTheSamePass() throws Exception {
        ingest(batch(new long[] {1, 2}, new long[] {3}));
        Commit bad = ingest(batch(new long[] {4, -5, 6}, new long[] {7, 8}));
        Commit later = ingest(batch(new long[] {9}, new long[] {}));
        String untouched = "topics/orders/partition=1/orders+1+1.parquet";
        String checksumBefore = lake.statObject(REPO, bad.id(), untouched).checksum();

        Publisher publisher = publisher(FailurePolicy.QUARANTINE, NAMES_ROWS);
        publisher.publishPending();

        assertNull(publisher.halt());
        assertEquals(List.of("0:0:1", "0:1:2", "0:2:4", "0:4:6", "0:5:9", "1:0:3", "1:1:7", "1:2:8"), rows("main"),
                "every good row of the bad commit reached main in the same pass; the bad one did not");
        assertEquals(checksumBefore, lake.statObject(REPO, "main", untouched).checksum(),
                "a file without a named row is not rewritten");
        Commit fix = lake.getCommit(REPO, "ingest");
        assertEquals(bad.id(), fix.metadata().get(PublishMetadata.QUARANTINE_OF));
        assertEquals(PublishMetadata.LEVEL_ROWS, fix.metadata().get(PublishMetadata.QUARANTINE_LEVEL));
        assertEquals(later.metadata().get(CommitMetadata.KAFKA_OFFSETS), fix.metadata().get(CommitMetadata.KAFKA_OFFSETS),
                "the ingest head still says where to resume");

        List<QuarantineEntry> all = entries().list();
        assertEquals(1, all.size());
        QuarantineEntry e = all.get(0);
        assertEquals(PublishMetadata.quarantineBranch(bad.id()), e.branch());
        assertEquals(QuarantineEntry.State.WAITING, e.state());
        assertEquals(PublishMetadata.LEVEL_ROWS, e.level());
        assertEquals(1, e.rows());
        assertEquals("{\"orders\":{\"0\":\"3\"}}", e.offsets());
        assertTrue(e.checksJson().contains("\"outcome\":\"failed\""), e.checksJson());
        assertEquals(List.of("0:3:-5"), rowsOf(e.entryCommit().id(), entries().files(e)), "exactly the bad row");
        assertEquals(1, metrics.getQuarantinedCommits());
        assertEquals(1, metrics.getQuarantinedRows());
        AuditLog.Entry failure = new AuditLog(lake, REPO, "main").entries().get(0);
        assertEquals("quarantine rows", failure.get(PublishMetadata.FAILURE_ACTION));
    }

    @Test
    void aNotNullCheckNamesItsRowsToo() throws Exception {
        ingest(batch(new long[] {1, 2}, new long[] {3}));
        RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);
        // customer null at offset 2 of partition 0
        Path local = dir.resolve("nulls.parquet");
        Map<String, Object> value = new HashMap<>();
        value.put("id", 2L);
        value.put("amount", 10L);
        value.put("customer", null);
        SinkRecord withNull = new SinkRecord("orders", 0, null, null, null, value, 2, 1_700_000_000_002L,
                TimestampType.CREATE_TIME);
        ConvertedRecord probe = converter.convert(order(0, 0, 1, "x"), null);
        try (ParquetRowWriter writer = ParquetRowWriter.open(local, probe.schema(), ParquetSettings.DEFAULT)) {
            writer.write(converter.convert(withNull, writer.schema()));
            writer.write(converter.convert(order(0, 3, 11, "c3"), writer.schema()));
            writer.finish();
        }
        try (InputStream in = Files.newInputStream(local)) {
            lake.putObject(REPO, "ingest", "topics/orders/partition=0/orders+0+2.parquet", in, null);
        }
        offsets = offsets.with(new TopicPartition("orders", 0), 4);
        lake.commit(REPO, "ingest", CommitRequest.of("nulls", Map.of(CommitMetadata.KAFKA_OFFSETS, offsets.toJson())));

        publisher(FailurePolicy.QUARANTINE, Map.of("checks", "customers", "checks.customers.type", "not-null",
                "checks.customers.columns", "customer")).publishPending();
        assertEquals(List.of("0:0:1", "0:1:2", "0:3:11", "1:0:3"), rows("main"));
        QuarantineEntry e = entries().list().get(0);
        assertEquals(PublishMetadata.LEVEL_ROWS, e.level());
        assertEquals(List.of("0:2:10"), rowsOf(e.entryCommit().id(), entries().files(e)));
    }

    @Test
    void checksThatJudgeTheWholeCommitStillQuarantineTheWholeCommit() throws Exception {
        ingest(batch(new long[] {1}, new long[] {2}));
        Commit bad = ingest(batch(new long[] {3, -4}, new long[] {5}));
        // no Kafka coordinates in the result: the rows cannot be named
        publisher(FailurePolicy.QUARANTINE, sqlCheck("SELECT id, amount FROM orders WHERE amount < 0"))
                .publishPending();
        assertEquals(List.of("0:0:1", "1:0:2"), rows("main"), "none of the commit's rows reached main");
        QuarantineEntry e = entries().list().get(0);
        assertEquals(PublishMetadata.LEVEL_COMMIT, e.level());
        assertEquals(bad.id(), e.source());
        assertEquals(3, e.rows());
        assertEquals(List.of("0:1:3", "0:2:-4", "1:1:5"), rowsOf(e.entryCommit().id(), entries().files(e)),
                "the entry holds the whole commit");
        assertEquals(PublishMetadata.LEVEL_COMMIT,
                lake.getCommit(REPO, "ingest").metadata().get(PublishMetadata.QUARANTINE_LEVEL));
    }

    @Test
    void quarantineCommitKeepsTheWholeCommitEvenWhenRowsAreNamed() throws Exception {
        ingest(batch(new long[] {1}, new long[] {2}));
        ingest(batch(new long[] {3, -4}, new long[] {5}));
        publisher(FailurePolicy.QUARANTINE_COMMIT, NAMES_ROWS).publishPending();
        assertEquals(List.of("0:0:1", "1:0:2"), rows("main"));
        assertEquals(PublishMetadata.LEVEL_COMMIT, entries().list().get(0).level());
        assertEquals(FailurePolicy.QUARANTINE_COMMIT, FailurePolicy.fromConfig("quarantine-commit"));
    }

    @Test
    void rowsNamedOnMainRatherThanInTheCommitSendTheWholeCommitAside() throws Exception {
        ingest(batch(new long[] {-1}, new long[] {2}));
        publisher(FailurePolicy.HALT, Map.of()).publishPending(); // a bad row reached main before the check existed
        ingest(batch(new long[] {3}, new long[] {4}));
        publisher(FailurePolicy.QUARANTINE, sqlCheck("SELECT * FROM main_orders WHERE amount < 0")).publishPending();
        QuarantineEntry e = entries().list().get(0);
        assertEquals(PublishMetadata.LEVEL_COMMIT, e.level(), "the rows named are not the commit's: it goes whole");
    }

    @Test
    void quarantiningAgainAfterACrashEndsInTheSameState() throws Exception {
        ingest(batch(new long[] {1}, new long[] {2}));
        Commit bad = ingest(batch(new long[] {3, -4}, new long[] {5}));
        Publisher publisher = publisher(FailurePolicy.QUARANTINE, NAMES_ROWS);
        publisher.publishPending();
        QuarantineEntry first = entries().list().get(0);
        List<String> main = rows("main");
        // as if the publisher died after keeping the rows but before changing ingest (and main)
        lake.hardReset(REPO, "ingest", bad.id());
        lake.hardReset(REPO, "main", lake.getCommit(REPO, "main").parents().get(0));
        publisher(FailurePolicy.QUARANTINE, NAMES_ROWS).publishPending();
        List<QuarantineEntry> again = entries().list();
        assertEquals(1, again.size());
        assertEquals(first.entryCommit().id(), again.get(0).entryCommit().id(), "the kept rows are reused");
        assertEquals(main, rows("main"));
    }

    @Test
    void aWholeCommitQuarantineAfterARowLevelAttemptKeepsTheWholeCommit() throws Exception {
        ingest(batch(new long[] {1}, new long[] {2}));
        Commit bad = ingest(batch(new long[] {3, -4}, new long[] {5}));
        publisher(FailurePolicy.QUARANTINE, NAMES_ROWS).publishPending();
        assertEquals(PublishMetadata.LEVEL_ROWS, entries().list().get(0).level());
        // as if the row-level change of ingest had failed: the whole commit goes aside instead
        lake.hardReset(REPO, "ingest", bad.id());
        lake.hardReset(REPO, "main", lake.getCommit(REPO, "main").parents().get(0));
        publisher(FailurePolicy.QUARANTINE_COMMIT, NAMES_ROWS).publishPending();
        QuarantineEntry e = entries().list().get(0);
        assertEquals(PublishMetadata.LEVEL_COMMIT, e.level());
        assertEquals(List.of("0:1:3", "0:2:-4", "1:1:5"), rowsOf(e.entryCommit().id(), entries().files(e)),
                "every row of the commit is in quarantine, none lost");
        assertEquals(List.of("0:0:1", "1:0:2"), rows("main"));
    }

    // --- an operator's decisions ----------------------------------------------------------------------------------

    private QuarantineEntry quarantinedEntry() throws Exception {
        ingest(batch(new long[] {1, 2}, new long[] {3}));
        ingest(batch(new long[] {4, -5}, new long[] {-6, 7}));
        publisher(FailurePolicy.QUARANTINE, NAMES_ROWS).publishPending();
        assertEquals(List.of("0:0:1", "0:1:2", "0:2:4", "1:0:3", "1:2:7"), rows("main"));
        return entries().list().get(0);
    }

    @Test
    void aForcedReleasePutsTheRowsOnMainOnceAndASecondReleaseIsRefused() throws Exception {
        QuarantineEntry e = quarantinedEntry();
        assertThrows(QuarantineDecisions.RefusedException.class,
                () -> decisions().release(e, entries(), null, "ops", " "), "forced needs a reason");

        QuarantineDecisions.Released r = decisions().release(e, entries(), null, "ops", "refunds are negative");
        assertFalse(r.alreadyOnMain());
        assertEquals(List.of("0:0:1", "0:1:2", "0:2:4", "0:3:-5", "1:0:3", "1:1:-6", "1:2:7"), rows("main"));
        assertEquals(e.source(), lake.getCommit(REPO, "main").metadata().get(PublishMetadata.RELEASE_OF));
        QuarantineEntry after = entries().get(e.branch());
        assertEquals(QuarantineEntry.State.RELEASED, after.state());
        assertEquals(r.onMain().id(), after.decisionGet(PublishMetadata.RELEASED_AS));
        assertEquals("true", after.decisionGet(PublishMetadata.RELEASE_FORCED));

        QuarantineDecisions.RefusedException twice = assertThrows(QuarantineDecisions.RefusedException.class,
                () -> decisions().release(after, entries(), null, "ops", "again"));
        assertTrue(twice.getMessage().contains("released already"), twice.getMessage());
        AuditLog.Entry audit = new AuditLog(lake, REPO, "main").entries().get(0);
        assertEquals(PublishMetadata.QUARANTINE_RELEASED, audit.kind());
        assertEquals("refunds are negative", audit.get(PublishMetadata.DECISION_REASON));

        // later data still flows, and the released rows stay once
        ingest(batch(new long[] {8}, new long[] {9}));
        publisher(FailurePolicy.QUARANTINE, NAMES_ROWS).publishPending();
        assertEquals(9, rows("main").size());
    }

    @Test
    void aReleaseRunsTheChecksAgainAndIsRefusedWhileTheyStillFail() throws Exception {
        QuarantineEntry e = quarantinedEntry();
        String mainBefore = lake.getCommit(REPO, "main").id();
        QuarantineDecisions.RefusedException still = assertThrows(QuarantineDecisions.RefusedException.class,
                () -> decisions().release(e, entries(), recheck(NAMES_ROWS), "ops", null));
        assertTrue(still.getMessage().contains("checks still fail"), still.getMessage());
        assertEquals(mainBefore, lake.getCommit(REPO, "main").id(), "nothing reached main");
        assertTrue(Pages.all(p -> lake.listBranches(REPO, p)).stream()
                .noneMatch(b -> b.name().startsWith("lakesink-release-")), "the release's work branch is gone");

        // the check fixed: refunds down to -10 are fine
        decisions().release(e, entries(), recheck(sqlCheck("SELECT * FROM orders WHERE amount < -10")), "ops", null);
        assertEquals(7, rows("main").size());
        assertEquals(QuarantineEntry.State.RELEASED, entries().get(e.source().substring(0, 8)).state());
    }

    @Test
    void rowsWhoseReleaseARollbackOfMainTookAwayWaitAgainAndAreReleasedOnce() throws Exception {
        QuarantineEntry e = quarantinedEntry();
        Commit before = lake.getCommit(REPO, "main");
        decisions().release(e, entries(), null, "ops", "refunds");
        assertEquals(7, rows("main").size());
        lake.hardReset(REPO, "main", before.id()); // a rollback of main to before the release
        QuarantineEntry again = entries().get(e.branch());
        assertEquals(QuarantineEntry.State.WAITING, again.state(), "the rows are off main again");
        decisions().release(again, entries(), null, "ops", "refunds, again");
        List<String> onMain = rows("main");
        assertEquals(7, onMain.size());
        assertEquals(7, new java.util.HashSet<>(onMain).size(), "once");
        assertEquals(QuarantineEntry.State.RELEASED, entries().get(e.branch()).state());
    }

    @Test
    void aReleaseInterruptedAfterItsMergeIsFinishedWithoutAddingTheRowsTwice() throws Exception {
        QuarantineEntry e = quarantinedEntry();
        decisions().release(e, entries(), null, "ops", "fine");
        // as if the CLI died after merging, before recording the decision
        lake.hardReset(REPO, e.branch(), e.entryCommit().id());
        QuarantineEntry waitingAgain = entries().get(e.branch());
        assertEquals(QuarantineEntry.State.WAITING, waitingAgain.state());
        QuarantineDecisions.Released r = decisions().release(waitingAgain, entries(), null, "ops", "fine");
        assertTrue(r.alreadyOnMain());
        assertEquals(7, rows("main").size(), "the rows are on main once");
        assertEquals(QuarantineEntry.State.RELEASED, entries().get(e.branch()).state());
    }

    @Test
    void aDropIsRecordedAndTheEntryCanNoLongerBeReleased() throws Exception {
        QuarantineEntry e = quarantinedEntry();
        assertThrows(QuarantineDecisions.RefusedException.class, () -> decisions().drop(e, "ops", ""));
        decisions().drop(e, "ops", "test orders");
        QuarantineEntry dropped = entries().get(e.branch());
        assertEquals(QuarantineEntry.State.DROPPED, dropped.state());
        assertThrows(QuarantineDecisions.RefusedException.class,
                () -> decisions().release(dropped, entries(), null, "ops", "changed my mind"));
        assertThrows(QuarantineDecisions.RefusedException.class, () -> decisions().drop(dropped, "ops", "again"));
        // a decision taken on a stale view of the entry is refused, not doubled
        assertThrows(QuarantineDecisions.RefusedException.class, () -> decisions().drop(e, "other", "at once"));
        assertEquals(5, rows("main").size());
        assertEquals(PublishMetadata.QUARANTINE_DROPPED, new AuditLog(lake, REPO, "main").entries().get(0).kind());
    }

    @Test
    void anEntryWhoseCommitWasRolledBackCannotBeReleased() throws Exception {
        QuarantineEntry e = quarantinedEntry();
        Commit beforeBad = lake.getCommit(REPO, e.source() + "~1");
        lake.hardReset(REPO, "ingest", beforeBad.id());
        QuarantineEntry superseded = entries().get(e.branch());
        assertEquals(QuarantineEntry.State.SUPERSEDED, superseded.state());
        QuarantineDecisions.RefusedException refused = assertThrows(QuarantineDecisions.RefusedException.class,
                () -> decisions().release(superseded, entries(), null, "ops", "please"));
        assertTrue(refused.getMessage().contains("rollback"), refused.getMessage());
        decisions().drop(superseded, "ops", "read again after the rollback");
    }

    // --- the CLI --------------------------------------------------------------------------------------------------

    private record Cli(int exit, String out, String err) {
    }

    private Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakeSinkCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(exit, out.toString(), err.toString());
    }

    @Test
    void theCliListsShowsReleasesAndDrops() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(lake instanceof EmbeddedLake,
                "the CLI's connection to lakeFS is tested elsewhere; this test points it at the embedded lake");
        QuarantineEntry e = quarantinedEntry();
        Path config = dir.resolve("sink.json");
        Map<String, String> c = new LinkedHashMap<>(NAMES_ROWS);
        c.put("lake.embedded.path", dir.resolve("lake").toString());
        c.put("lake.repository", REPO);
        c.put("kafka.bootstrap.servers", "127.0.0.1:9");
        c.put("topics", "orders");
        Files.writeString(config, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                Map.of("name", "shop-sink", "config", c)));
        lake.close();
        try {
            Cli list = cli("quarantine", "list", "--config", config.toString());
            assertEquals(0, list.exit(), list.toString());
            assertTrue(list.out().contains(e.branch()) && list.out().contains("waiting"), list.out());
            assertTrue(list.out().contains("1 entry waiting, 2 row(s)."), list.out());

            Cli show = cli("quarantine", "show", e.source().substring(0, 10), "--config", config.toString());
            assertEquals(0, show.exit(), show.toString());
            assertTrue(show.out().contains("{\"orders\":{\"0\":\"3\",\"1\":\"1\"}}"), show.out());
            assertTrue(show.out().contains("-5") && show.out().contains("-6"), "the rows are shown: " + show.out());

            Cli status = cli("status", "--config", config.toString());
            assertTrue(status.out().contains("quarantine  2 row(s) of 1 commit(s) waiting"), status.out());

            Cli stillBad = cli("quarantine", "release", e.branch(), "--config", config.toString());
            assertEquals(LakeSinkCli.REFUSED, stillBad.exit(), stillBad.toString());
            assertTrue(stillBad.err().contains("checks still fail"), stillBad.err());

            Cli noReason = cli("quarantine", "release", e.branch(), "--force", "--config", config.toString());
            assertEquals(LakeSinkCli.REFUSED, noReason.exit(), noReason.toString());

            Cli forced = cli("quarantine", "release", e.branch(), "--force", "--reason", "refunds",
                    "--config", config.toString());
            assertEquals(0, forced.exit(), forced.toString());
            assertTrue(forced.out().contains("Released 2 row(s)"), forced.out());
            Cli again = cli("quarantine", "release", e.branch(), "--force", "--reason", "refunds",
                    "--config", config.toString());
            assertEquals(LakeSinkCli.REFUSED, again.exit(), again.toString());

            Cli drop = cli("quarantine", "drop", e.branch(), "--reason", "x", "--config", config.toString());
            assertEquals(LakeSinkCli.REFUSED, drop.exit(), "a released entry cannot be dropped: " + drop);
            Cli none = cli("quarantine", "show", "quarantine-nosuchentry", "--config", config.toString());
            assertEquals(LakeSinkCli.REFUSED, none.exit(), none.toString());
            assertTrue(none.err().contains("no quarantine entry"), none.err());
        } finally {
            lake = EmbeddedLake.open(dir.resolve("lake"));
        }
        assertEquals(7, rows("main").size());
    }
}
