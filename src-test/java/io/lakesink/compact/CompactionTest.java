package io.lakesink.compact;

import io.lakesink.check.Check;
import io.lakesink.check.CheckContext;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckRunner;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;
import io.lakesink.metrics.LakeSinkMetrics;
import io.lakesink.publish.FailurePolicy;
import io.lakesink.publish.PublishSettings;
import io.lakesink.publish.Publisher;
import io.lakesink.record.ParquetRowWriter;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import io.lakesink.rollback.PartitionOffset;
import io.lakesink.rollback.RollbackMode;
import io.lakesink.rollback.RollbackPlan;
import io.lakesink.rollback.RollbackPlanner;
import io.lakesink.rollback.RollbackTarget;
import io.lakesink.rollback.SinkBranches;
import org.apache.kafka.common.TopicPartition;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction on a real lake with real Parquet files read back by DuckDB; run on each backend by a subclass. Batches
 * come in as the sink commits them (one file per commit) and reach main through the real publisher, whose check
 * counts every row it is shown as new.
 */
public abstract class CompactionTest {
    protected static final String REPO = "shop";
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    protected Path dir;
    protected VersionedLake lake;
    private long nextOffset;
    private final AtomicLong rowsChecked = new AtomicLong();
    private final ReentrantLock ingestLock = new ReentrantLock();
    protected Publisher publisher;

    protected abstract VersionedLake openLake(Path dir);

    @BeforeEach
    void setUp() {
        lake = openLake(dir);
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
        publisher = new Publisher(lake, new PublishSettings(REPO, "ingest", "main", "topics", "orders-sink",
                FailurePolicy.HALT, List.of(), dir.resolve("checks")), new CheckRunner(List.of(rowCounter())),
                ingestLock, LakeSinkMetrics.unregistered());
    }

    @AfterEach
    void tearDown() {
        lake.close();
    }

    /** Counts the rows of every file a check is handed as new. */
    private Check rowCounter() {
        return new Check() {
            @Override
            public String name() {
                return "rows_seen";
            }

            @Override
            public CheckResult run(CheckContext context) throws Exception {
                long rows = 0;
                for (String topic : context.topics()) {
                    for (Path p : context.newFiles(topic)) {
                        rows += query("SELECT count(*) FROM read_parquet('" + p + "')").get(0);
                    }
                }
                rowsChecked.addAndGet(rows);
                return CheckResult.pass(name(), rows, rows + " new row(s)");
            }
        };
    }

    protected Compactor compactor() {
        return new Compactor(lake, REPO, "ingest", "main", "orders-sink", ParquetSettings.DEFAULT,
                dir.resolve("compaction"), ingestLock);
    }

    protected CompactionPlan plan(int minSmallFiles) {
        return new CompactionPlanner(lake, REPO, "main", "topics").plan(new CompactionPolicy(1024 * 1024,
                minSmallFiles));
    }

    /** Commits one file of {@code rows} orders to ingest as the sink's committer would, and publishes it. */
    protected Commit ingestAndPublish(int rows, boolean withNote) throws Exception {
        Commit c = ingest(rows, withNote);
        publisher.publishPending();
        return c;
    }

    protected Commit ingest(int rows, boolean withNote) throws Exception {
        RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);
        Path local = dir.resolve("batch-" + UUID.randomUUID() + ".parquet");
        long first = nextOffset;
        ParquetRowWriter writer = null;
        for (int i = 0; i < rows; i++) {
            var row = converter.convert(order(nextOffset++, withNote), writer == null ? null : writer.schema());
            if (writer == null) {
                writer = ParquetRowWriter.open(local, row.schema(), ParquetSettings.DEFAULT);
            }
            writer.write(row);
        }
        writer.finish();
        try (InputStream in = Files.newInputStream(local)) {
            lake.putObject(REPO, "ingest", String.format("topics/orders/partition=0/orders+0+%020d.parquet", first),
                    in, null);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CommitMetadata.KAFKA_OFFSETS, OffsetMap.EMPTY.with(TP, nextOffset).toJson());
        metadata.put(CommitMetadata.CONNECTOR, "orders-sink");
        metadata.put(CommitMetadata.COMMIT_ID, UUID.randomUUID().toString());
        return lake.commit(REPO, "ingest", CommitRequest.of("batch from " + first, metadata));
    }

    private static SinkRecord order(long offset, boolean withNote) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", offset);
        value.put("amount", offset * 7 % 1000);
        if (withNote) {
            value.put("note", "n" + offset);
        }
        return new SinkRecord("orders", 0, null, null, null, value, offset, 1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME);
    }

    protected List<ObjectStats> files(String ref) {
        return Pages.all(p -> lake.listObjects(REPO, ref, "topics/", p));
    }

    /** Every row at {@code ref}, as "offset:id:amount", in offset order. */
    protected List<String> rows(String ref) throws Exception {
        List<String> paths = new ArrayList<>();
        Path local = dir.resolve("read-" + UUID.randomUUID());
        Files.createDirectories(local);
        for (ObjectStats o : files(ref)) {
            Path copy = local.resolve(paths.size() + ".parquet");
            try (InputStream in = lake.getObject(REPO, ref, o.path())) {
                Files.copy(in, copy);
            }
            paths.add("'" + copy + "'");
        }
        if (paths.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT _kafka_offset, id, amount FROM read_parquet("
                     + paths.stream().collect(Collectors.joining(",", "[", "]"))
                     + ", union_by_name = true) ORDER BY _kafka_offset")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + ":" + rs.getLong(2) + ":" + rs.getLong(3));
            }
        }
        return out;
    }

    private static List<Long> query(String sql) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }

    @Test
    void smallFilesOnMainBecomeOneFileWithTheSameRowsOffsetsAndNothingNewToCheck() throws Exception {
        for (int i = 0; i < 6; i++) {
            ingestAndPublish(100, false);
        }
        List<String> before = rows("main");
        Commit mainBefore = lake.getCommit(REPO, "main");
        long checkedBefore = rowsChecked.get();
        assertEquals(600, checkedBefore, "each batch was checked once");

        CompactionPlan plan = plan(3);
        assertEquals(1, plan.groups().size());
        assertEquals(6, plan.inputFiles());
        Compactor.Outcome outcome = compactor().commit(compactor().prepare(plan));
        Commit compaction = outcome.commit().orElseThrow(() -> new AssertionError(outcome.reason()));
        assertEquals(CommitMetadata.offsetsOf(mainBefore), CommitMetadata.offsetsOf(compaction),
                "a compaction moves no offset");
        assertEquals("{\"files_in\":6,\"files_out\":1,\"rows\":600}",
                compaction.metadata().get(CommitMetadata.COMPACTION));

        publisher.publishPending();
        Commit mainAfter = lake.getCommit(REPO, "main");
        assertFalse(mainAfter.id().equals(mainBefore.id()), "the compaction was published");
        assertEquals(compaction.id(), mainAfter.metadata().get("lakesink.source"));
        assertEquals(1, files("main").size());
        assertTrue(files("main").get(0).path().contains(".compacted-"), files("main").get(0).path());
        assertEquals(before, rows("main"), "the same rows with the same values and coordinates");
        assertEquals(checkedBefore, rowsChecked.get(), "the checks were shown no new rows");
        assertEquals(6, files(mainBefore.id()).size(), "the commit before compaction keeps its files");
        assertEquals(before, rows(mainBefore.id()));

        ingestAndPublish(50, false);
        assertEquals(650, rowsChecked.get(), "a later batch is checked on its own rows only");
        assertEquals(650, rows("main").size());
    }

    @Test
    void smallFilesArePackedInPathOrderIntoFilesThatFitTheTargetAndLargeOnesStay() throws Exception {
        for (int i = 0; i < 6; i++) {
            ingestAndPublish(100, false);
        }
        long largest = files("main").stream().mapToLong(ObjectStats::sizeBytes).max().orElseThrow();
        ingestAndPublish(50_000, false);
        List<String> before = rows("main");
        CompactionPolicy policy = new CompactionPolicy(largest * 9 / 2, 1);
        assertTrue(files("main").stream().mapToLong(ObjectStats::sizeBytes).max().orElseThrow() >= largest * 9 / 4,
                "the batch of 50,000 rows makes a file of at least half the target");
        CompactionPlan plan = new CompactionPlanner(lake, REPO, "main", "topics").plan(policy);
        assertEquals(List.of(4, 2), plan.groups().stream().map(g -> g.inputs().size()).toList(),
                "four files fill 4.5 files' worth, the next two start another");
        assertTrue(plan.groups().stream().flatMap(g -> g.inputs().stream())
                .allMatch(o -> o.sizeBytes() <= largest), "the large file is not rewritten");
        compactor().commit(compactor().prepare(plan)).commit().orElseThrow();
        publisher.publishPending();
        assertEquals(3, files("main").size());
        assertEquals(before, rows("main"));
    }

    @Test
    void rollbackByOffsetStillLandsOnItsCommitAndEveryCommitHoldsTheRowsItsOffsetsSay() throws Exception {
        for (int i = 0; i < 5; i++) {
            ingestAndPublish(100, false);
        }
        compactor().commit(compactor().prepare(plan(2))).commit().orElseThrow();
        publisher.publishPending();
        ingestAndPublish(100, false);
        for (Commit c : LakeFixture.all(p -> lake.log(REPO, "main", p))) {
            if (c.parents().isEmpty() || !c.metadata().containsKey(CommitMetadata.KAFKA_OFFSETS)) {
                continue;
            }
            long offsets = CommitMetadata.offsetsOf(c).get(TP).orElse(0L);
            List<String> rows = rows(c.id());
            assertEquals(offsets, rows.size(), "commit " + c.id() + " holds exactly the offsets below " + offsets);
            for (int i = 0; i < rows.size(); i++) {
                assertTrue(rows.get(i).startsWith(i + ":"), "offset " + i + " once at " + c.id());
            }
        }
        RollbackPlan plan = new RollbackPlanner(new SinkBranches(lake, REPO, "main", "ingest"))
                .plan(new RollbackTarget.ToOffset(new PartitionOffset(TP, 250)), RollbackMode.RESET,
                        Optional.empty());
        assertEquals(200L, CommitMetadata.offsetsOf(plan.mainTo()).get(TP).orElseThrow());
        assertEquals(200, rows(plan.mainTo().id()).size(), "the rollback target holds offsets 0..199, no more");
    }

    @Test
    void aCommitThatLandsWhileFilesAreRewrittenMakesTheCompactionWaitUntilItIsPublished() throws Exception {
        for (int i = 0; i < 4; i++) {
            ingestAndPublish(100, false);
        }
        Compactor compactor = compactor();
        RewrittenFiles prepared = compactor.prepare(plan(2));
        ingest(10, false);
        Compactor.Outcome waiting = compactor.commit(prepared);
        assertTrue(waiting.commit().isEmpty());
        assertFalse(waiting.stale(), waiting.reason());
        publisher.publishPending();
        assertTrue(compactor.commit(prepared).commit().isPresent(), "once published, the same files fit");
        publisher.publishPending();
        assertEquals(410, rows("main").size());
        assertEquals(2, files("main").size());
    }

    @Test
    void nothingIsCompactedWhilePublishingIsHaltedAndReleasedFilesAreLeftAlone() throws Exception {
        for (int i = 0; i < 4; i++) {
            ingestAndPublish(100, false);
        }
        Publisher halting = new Publisher(lake, new PublishSettings(REPO, "ingest", "main", "topics", "orders-sink",
                FailurePolicy.HALT, List.of(), dir.resolve("halting")), new CheckRunner(List.of(Check.named(
                "always_fails", context -> CheckResult.fail("always_fails", 1, "bad rows")))), ingestLock,
                LakeSinkMetrics.unregistered());
        Commit bad = ingest(10, false);
        halting.publishPending();
        assertEquals(bad.id(), halting.halt().commitId(), "publishing is halted at the bad commit");
        Compactor compactor = compactor();
        Compactor.Outcome outcome = compactor.commit(compactor.prepare(plan(2)));
        assertTrue(outcome.commit().isEmpty(), "no compaction commit while halted");
        assertTrue(outcome.reason().contains("published"), outcome.reason());
        assertEquals(bad.id(), lake.getCommit(REPO, "ingest").id(), "ingest unchanged");

        // rows an operator released from quarantine exist on main only: the planner never picks them
        String released = "topics/orders/partition=0/orders+0+00000000000000000000.released-0123456789ab.parquet";
        try (InputStream in = lake.getObject(REPO, "main", files("main").get(0).path())) {
            lake.putObject(REPO, "main", released, in, null);
        }
        lake.commit(REPO, "main", CommitRequest.of("a release, as the CLI merges it"));
        assertTrue(plan(2).groups().stream().flatMap(g -> g.inputs().stream())
                .noneMatch(o -> o.path().equals(released)), "a released file is not compacted");
        assertFalse(plan(2).groups().isEmpty(), "the other small files still are");
    }

    @Test
    void filesThatAreGoneSinceThePlanMakeItStaleAndNothingChanges() throws Exception {
        for (int i = 0; i < 3; i++) {
            ingestAndPublish(100, false);
        }
        Commit keep = lake.getCommit(REPO, "main");
        ingestAndPublish(100, false);
        Compactor compactor = compactor();
        RewrittenFiles prepared = compactor.prepare(plan(2));
        // a rollback moved both branches back
        lake.hardReset(REPO, "main", keep.id());
        lake.hardReset(REPO, "ingest", keep.metadata().get("lakesink.source"));
        Commit ingestHead = lake.getCommit(REPO, "ingest");
        Compactor.Outcome outcome = compactor.commit(prepared);
        assertTrue(outcome.stale(), outcome.reason());
        assertEquals(ingestHead.id(), lake.getCommit(REPO, "ingest").id());
        assertEquals(300, rows("main").size());
    }

    @Test
    void filesOfDifferentSchemasAreNotMixedAndFewSmallFilesAreLeftAlone() throws Exception {
        ingestAndPublish(100, false);
        ingestAndPublish(100, false);
        ingestAndPublish(100, true);
        ingestAndPublish(100, true);
        assertTrue(plan(4).isEmpty(), "four small files are not more than four");
        List<String> before = rows("main");
        compactor().commit(compactor().prepare(plan(3))).commit().orElseThrow();
        publisher.publishPending();
        assertEquals(2, files("main").size(), "one file per schema");
        assertEquals(before, rows("main"));
        assertEquals(List.of(200L), query("SELECT count(note) FROM read_parquet('" + localCopyOfNewest() + "')"));
    }

    private Path localCopyOfNewest() throws Exception {
        ObjectStats last = files("main").get(files("main").size() - 1);
        Path copy = dir.resolve("newest-" + UUID.randomUUID() + ".parquet");
        try (InputStream in = lake.getObject(REPO, "main", last.path())) {
            Files.copy(in, copy);
        }
        return copy;
    }
}
