package io.lakesink.commit;

import io.lakesink.commit.event.DataFile;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.PartitionBatch;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.offsets.CommitMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coordinator's commit step against a real embedded lake. */
class IngestCommitterTest {
    private static final String REPO = "events";
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    @TempDir
    Path dir;
    private EmbeddedLake lake;
    private IngestCommitter committer;
    private LakeFixture fx;

    @BeforeEach
    void setUp() {
        lake = EmbeddedLake.open(dir);
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
        committer = committer(lake, "orders-sink");
        fx = new LakeFixture(lake, REPO);
    }

    @AfterEach
    void tearDown() {
        lake.close();
    }

    @Test
    void commitsFilesWithTheCompleteOffsetMapAndCounts() {
        IngestCommitter.Result first = committer.commit("cycle-1", List.of(
                answer(0, batch(P0, -1, 10, 10), file(P0, 0)),
                answer(1, batch(P1, -1, 5, 5), file(P1, 0))));
        Commit c = first.commit();
        assertEquals("{\"orders\":{\"0\":10,\"1\":5}}", c.metadata().get(CommitMetadata.KAFKA_OFFSETS));
        assertEquals("cycle-1", c.metadata().get(CommitMetadata.COMMIT_ID));
        assertEquals("15", c.metadata().get(CommitMetadata.RECORDS));
        assertEquals("2", c.metadata().get(CommitMetadata.FILES));
        assertEquals("orders-sink", c.metadata().get(CommitMetadata.CONNECTOR));
        assertTrue(c.metadata().containsKey(CommitMetadata.EVENT_TIME_MAX));

        Commit second = committer.commit("cycle-2", List.of(answer(0, batch(P0, 10, 12, 2), file(P0, 10)))).commit();
        assertEquals("{\"orders\":{\"0\":12,\"1\":5}}", second.metadata().get(CommitMetadata.KAFKA_OFFSETS),
                "partitions absent from a commit keep their offsets");
        assertEquals(3, fx.paths("ingest", "topics/").size());
    }

    @Test
    void aBatchThatDoesNotStartAtTheHeadIsLeftOutAndItsFileUnlinked() {
        committer.commit("cycle-1", List.of(answer(0, batch(P0, -1, 10, 10), file(P0, 0))));
        IngestCommitter.Result r = committer.commit("cycle-2", List.of(
                answer(0, batch(P0, 0, 12, 12), file(P0, 0)),        // a stale repeat of offsets 0..11
                answer(1, batch(P1, -1, 3, 3), file(P1, 0))));
        assertEquals(10L, r.offsets().get(P0).orElseThrow());
        assertEquals(3L, r.offsets().get(P1).orElseThrow());
        assertEquals(List.of("topics/orders/partition=0/orders+0+0.parquet", "topics/orders/partition=1/orders+1+0.parquet"),
                fx.paths("ingest", "topics/"));
        assertEquals(1, lake.countUnlinkedPhysicalAddresses(REPO), "the refused file stays unlinked");
        assertEquals(1, lake.collectUnlinkedPhysicalAddresses(REPO, Duration.ZERO));
    }

    @Test
    void aBatchThatStartsAfterTheHeadIsRefusedSoNoOffsetIsSkippedAndItIsReadAgain() {
        committer.commit("cycle-1", List.of(answer(0, batch(P0, -1, 10, 10), file(P0, 0))));
        // offsets 10..14 never reached the lake (their cycle went without them); the task goes on from 15
        IngestCommitter.Result gap = committer.commit("cycle-2", List.of(
                answer(0, batch(P0, 15, 20, 5), file(P0, 15)),
                answer(1, batch(P1, -1, 3, 3), file(P1, 0))));
        assertEquals(10L, gap.offsets().get(P0).orElseThrow(), "taking it would lose offsets 10..14 for good");
        assertEquals(3L, gap.offsets().get(P1).orElseThrow(), "the other partition's batch is taken");
        assertEquals("{\"orders\":{\"0\":10,\"1\":3}}", gap.commit().metadata().get(CommitMetadata.KAFKA_OFFSETS));
        assertEquals("3", gap.commit().metadata().get(CommitMetadata.RECORDS), "only the taken batch counts");
        assertEquals(List.of("topics/orders/partition=0/orders+0+0.parquet",
                "topics/orders/partition=1/orders+1+0.parquet"), fx.paths("ingest", "topics/"));
        assertEquals(1, lake.countUnlinkedPhysicalAddresses(REPO), "the refused file stays unlinked");

        // told that the lake stands at 10, the task reads from 10 again and that batch is taken
        Commit again = committer.commit("cycle-3", List.of(answer(0, batch(P0, 10, 20, 10), file(P0, 10)))).commit();
        assertEquals("{\"orders\":{\"0\":20,\"1\":3}}", again.metadata().get(CommitMetadata.KAFKA_OFFSETS));
        assertEquals(List.of("topics/orders/partition=0/orders+0+0.parquet",
                "topics/orders/partition=0/orders+0+10.parquet", "topics/orders/partition=1/orders+1+0.parquet"),
                fx.paths("ingest", "topics/"));
    }

    @Test
    void twoTasksReportingOneNewPartitionCommitItOnce() {
        IngestCommitter.Result r = committer.commit("cycle-1", List.of(
                answer(0, batch(P0, -1, 10, 10), file(P0, 0)),
                answer(1, batch(P0, -1, 10, 10), file(P0, 0))));
        assertEquals(10L, r.offsets().get(P0).orElseThrow());
        assertEquals(1, r.files());
    }

    @Test
    void whichTaskWinsAPartitionTwoReportDoesNotDependOnTheOrderTheAnswersArrived() {
        DataFile fromTask0 = file(P0, 0);
        DataFile fromTask1 = file(P0, 0);
        committer.commit("cycle-1", List.of(answer(1, batch(P0, -1, 10, 10), fromTask1),
                answer(0, batch(P0, -1, 10, 10), fromTask0)));
        assertEquals(fromTask0.physicalAddress(), lake.statObject(REPO, "ingest", fromTask0.path()).physicalAddress(),
                "the lowest task id wins, so a retried cycle links the same file");
    }

    @Test
    void theBranchLockIsFreeAgainAfterACommit() throws Exception {
        java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        IngestBranchOwner owner = new IngestBranchOwner(lake, REPO, "ingest", "main", "lake.ingest.branch",
                "lake.ingest.branch.takeover.from");
        owner.claim("orders-sink", null);
        IngestCommitter locked = new IngestCommitter(lake, REPO, "ingest", "orders-sink", owner, lock);
        locked.commit("cycle-1", List.of(answer(0, batch(P0, -1, 10, 10), file(P0, 0))));
        assertTrue(java.util.concurrent.CompletableFuture.supplyAsync(lock::tryLock).get(),
                "the publisher's quarantine revert takes this lock from another thread");
    }

    @Test
    void aRepeatedCycleIsNotCommittedTwice() {
        List<DataWritten> answers = List.of(answer(0, batch(P0, -1, 10, 10), file(P0, 0)));
        Commit first = committer.commit("cycle-1", answers).commit();
        IngestCommitter.Result again = committer.commit("cycle-1", answers);
        assertEquals(first.id(), again.commit().id());
        assertEquals(2, fx.log("ingest").size(), "one commit plus the initial one");
    }

    @Test
    void aNewCoordinatorAfterACommitTheOldOneNeverSawCommitsNothingTwice() {
        // the old coordinator's commit reached the lake, then it died before telling the tasks
        IngestCommitter dead = committer;
        dead.commit("cycle-1", List.of(answer(0, batch(P0, -1, 10, 10), file(P0, 0))));
        IngestCommitter next = committer(lake, "orders-sink");
        // the tasks, never told, send the same offsets again (newly uploaded) with more behind them
        IngestCommitter.Result r = next.commit("cycle-7", List.of(answer(0, batch(P0, -1, 14, 14), file(P0, 0))));
        assertNull(r.commit(), "a batch that does not start where the head stands is never committed");
        assertEquals(10L, r.offsets().get(P0).orElseThrow(), "the tasks are told where the lake stands");
        // told, they seek to 10 and send from there
        Commit c = next.commit("cycle-8", List.of(answer(0, batch(P0, 10, 14, 4), file(P0, 10)))).commit();
        assertEquals("{\"orders\":{\"0\":14}}", c.metadata().get(CommitMetadata.KAFKA_OFFSETS));
        assertEquals(List.of("topics/orders/partition=0/orders+0+0.parquet",
                "topics/orders/partition=0/orders+0+10.parquet"), fx.paths("ingest", "topics/"));
    }

    @Test
    void eachCommitCarriesTheNewestRecordTimeOfEveryTopicSoFar() {
        TopicPartition customers = new TopicPartition("customers", 0);
        committer.commit("cycle-1", List.of(answer(0, batch(P0, -1, 1, 1), file(P0, 0, 5_000)),
                answer(1, batch(customers, -1, 1, 1), file(customers, 0, 3_000))));
        Commit c = committer.commit("cycle-2", List.of(answer(0, batch(P0, 1, 2, 1), file(P0, 1, 9_000)))).commit();
        assertEquals("{\"customers\":3000,\"orders\":9000}", c.metadata().get(CommitMetadata.EVENT_TIMES),
                "topics absent from a commit keep their time");
        assertEquals(java.util.Map.of("customers", 3_000L, "orders", 9_000L),
                CommitMetadata.eventTimesAt(lake, REPO, "ingest"));
    }

    @Test
    void leftoversOfACrashedCycleAreNotCommitted() {
        fx.put("ingest", "topics/orders/partition=0/leftover.parquet", "linked by a coordinator that died");
        committer.commit("cycle-1", List.of(answer(0, batch(P0, -1, 1, 1), file(P0, 0))));
        assertEquals(List.of("topics/orders/partition=0/orders+0+0.parquet"), fx.paths("ingest", "topics/"));
    }

    @Test
    void nothingNewCommitsNothing() {
        committer.commit("cycle-1", List.of(answer(0, batch(P0, -1, 10, 10), file(P0, 0))));
        IngestCommitter.Result r = committer.commit("cycle-2", List.of(answer(0, null, null), answer(1, null, null)));
        assertNull(r.commit());
        assertEquals(2, fx.log("ingest").size());
    }

    @Test
    void offsetsAdvanceWithoutFilesWhenEveryRecordWasSkipped() {
        Commit c = committer.commit("cycle-1", List.of(answer(0, batch(P0, -1, 4, 0), null))).commit();
        assertEquals("{\"orders\":{\"0\":4}}", c.metadata().get(CommitMetadata.KAFKA_OFFSETS));
        assertEquals("0", c.metadata().get(CommitMetadata.FILES));
    }

    /** A committer of {@code connector}, which claims the branch as a task does at start. */
    static IngestCommitter committer(io.lakesink.lake.VersionedLake lake, String connector) {
        IngestBranchOwner owner = new IngestBranchOwner(lake, REPO, "ingest", "main", "lake.ingest.branch",
                "lake.ingest.branch.takeover.from");
        owner.claim(connector, null);
        return new IngestCommitter(lake, REPO, "ingest", connector, owner,
                new java.util.concurrent.locks.ReentrantLock());
    }

    private static PartitionBatch batch(TopicPartition tp, long start, long next, long records) {
        return new PartitionBatch(tp.topic(), tp.partition(), start, next, records);
    }

    private DataFile file(TopicPartition tp, long firstOffset) {
        return file(tp, firstOffset, 1_700_000_000_000L);
    }

    private DataFile file(TopicPartition tp, long firstOffset, long maxTimestamp) {
        String path = "topics/" + tp.topic() + "/partition=" + tp.partition() + "/" + tp.topic() + "+" + tp.partition()
                + "+" + firstOffset + ".parquet";
        PhysicalAddress address = lake.getPhysicalAddress(REPO, "ingest", path);
        UploadedObject u = lake.writePhysical(REPO, address, LakeFixture.stream("parquet bytes of " + path));
        return new DataFile(path, u.physicalAddress(), u.sizeBytes(), u.checksum(), tp.topic(), tp.partition(), 1,
                maxTimestamp);
    }

    private static DataWritten answer(int task, PartitionBatch batch, DataFile file) {
        return DataWritten.of("orders-sink", "any", task, batch == null ? List.of() : List.of(batch),
                file == null ? List.of() : List.of(file));
    }

    @Test
    void aCommitMadeByHandWithoutOffsetsDoesNotMakeTheSinkForgetWhereItStands() {
        Commit first = committer.commit("cycle-1", List.of(answer(0, batch(P0, -1, 10, 10), file(P0, 0)),
                answer(1, batch(P1, -1, 5, 5), file(P1, 0)))).commit();
        lake.revert(REPO, "ingest", io.lakesink.lake.RevertRequest.of(first.id()));   // an operator's revert
        assertEquals("{\"orders\":{\"0\":10,\"1\":5}}", CommitMetadata.offsetsAt(lake, REPO, "ingest").toJson());
        Commit next = committer.commit("cycle-2", List.of(answer(0, batch(P0, 10, 11, 1), file(P0, 10)))).commit();
        assertEquals("{\"orders\":{\"0\":11,\"1\":5}}", next.metadata().get(CommitMetadata.KAFKA_OFFSETS));
    }
}
