package io.lakesink.commit;

import io.lakesink.commit.event.DataFile;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.PartitionBatch;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeBranchMovedException;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLake;
import io.lakesink.offsets.CommitMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another writer commits to the ingest branch after the committer read the head and before its commit: the
 * committer's commit is refused and nothing of the other writer's offsets is lost (issue 14: one connector's commit
 * once rewrote another's {@code kafka.offsets} from a stale head). Written once, run on every backend.
 */
public abstract class IngestCommitterRaceTest {
    protected static final String REPO = "events";
    private static final TopicPartition OURS = new TopicPartition("orders", 0);
    private static final TopicPartition THEIRS = new TopicPartition("payments", 0);

    @TempDir
    protected Path dir;
    protected VersionedLake lake;

    /** A fresh, empty lake for one test. */
    protected abstract VersionedLake openLake(Path dir);

    /** Makes {@code otherWriter} run once, after the committer read the head and just before its commit is made. */
    protected abstract VersionedLake racing(VersionedLake lake, Runnable otherWriter);

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

    @Test
    void aCommitRacedByAnotherWriterIsRefusedNamingItAndLosesNoneOfItsOffsets() {
        IngestCommitter committer = IngestCommitterTest.committer(lake, "orders-sink");
        Commit first = committer.commit("cycle-1", List.of(answer(batch(OURS, -1, 10), file(OURS, 0)))).commit();
        Commit[] theirs = new Commit[1];
        Runnable otherWriter = () -> theirs[0] = lake.commit(REPO, "ingest", new CommitRequest("the other writer",
                Map.of(CommitMetadata.KAFKA_OFFSETS, "{\"orders\":{\"0\":10},\"payments\":{\"0\":224}}",
                        CommitMetadata.CONNECTOR, "payments-sink"), true));
        IngestCommitter raced = new IngestCommitter(racing(lake, otherWriter), REPO, "ingest", "orders-sink",
                new IngestBranchOwner(lake, REPO, "ingest", "main", "lake.ingest.branch",
                        "lake.ingest.branch.takeover.from"), new java.util.concurrent.locks.ReentrantLock());

        CommitStoppedException e = assertThrows(CommitStoppedException.class, () -> raced.commit("cycle-2",
                List.of(answer(batch(OURS, 10, 12), file(OURS, 10)))));

        assertInstanceOf(LakeBranchMovedException.class, e.getCause());
        assertTrue(e.getMessage().contains("'payments-sink'") && e.getMessage().contains("'orders-sink'")
                && e.getMessage().contains(first.id()) && e.getMessage().contains(theirs[0].id()), e.getMessage());
        assertEquals(theirs[0].id(), lake.getBranch(REPO, "ingest").commitId(),
                "the branch stands at the other writer's commit, nothing on top of it");
        assertEquals("{\"orders\":{\"0\":10},\"payments\":{\"0\":224}}",
                CommitMetadata.offsetsAt(lake, REPO, "ingest").toJson(), "no offsets lost, none advanced");
    }

    @Test
    void aMoveByThisConnectorItselfFailsOnlyTheCycleAndTheNextOneCommitsOnTheNewHead() {
        IngestCommitter committer = IngestCommitterTest.committer(lake, "orders-sink");
        committer.commit("cycle-1", List.of(answer(batch(OURS, -1, 10), file(OURS, 0))));
        // this connector's publisher in another task quarantines (reverts) a commit meanwhile
        Commit[] revert = new Commit[1];
        Runnable publisher = () -> revert[0] = lake.commit(REPO, "ingest", new CommitRequest("a quarantine revert",
                Map.of(CommitMetadata.KAFKA_OFFSETS, "{\"orders\":{\"0\":10}}", CommitMetadata.CONNECTOR,
                        "orders-sink"), true));
        IngestCommitter raced = new IngestCommitter(racing(lake, publisher), REPO, "ingest", "orders-sink",
                new IngestBranchOwner(lake, REPO, "ingest", "main", "lake.ingest.branch",
                        "lake.ingest.branch.takeover.from"), new java.util.concurrent.locks.ReentrantLock());
        LakeBranchMovedException e = assertThrows(LakeBranchMovedException.class, () -> raced.commit("cycle-2",
                List.of(answer(batch(OURS, 10, 12), file(OURS, 10)))));
        assertEquals(revert[0].id(), e.actualHead());
        assertEquals(revert[0].id(), lake.getBranch(REPO, "ingest").commitId(), "nothing on top of the revert");
        // (records skipped to the dead letter queue, say: on lakeFS the other commit took the staged file along)
        Commit next = raced.commit("cycle-3", List.of(DataWritten.of("orders-sink", "any", 0,
                List.of(batch(OURS, 10, 12)), List.of()))).commit();
        assertEquals(List.of(revert[0].id()), next.parents());
        assertEquals("{\"orders\":{\"0\":12}}", next.metadata().get(CommitMetadata.KAFKA_OFFSETS));
    }

    @Test
    void aSecondConnectorsCommitterIsRefusedBeforeReadingTheBranch() {
        IngestCommitterTest.committer(lake, "orders-sink").commit("cycle-1",
                List.of(answer(batch(OURS, -1, 10), file(OURS, 0))));
        Commit head = lake.getCommit(REPO, "ingest");
        IngestCommitter second = new IngestCommitter(lake, REPO, "ingest", "payments-sink",
                new IngestBranchOwner(lake, REPO, "ingest", "main", "lake.ingest.branch",
                        "lake.ingest.branch.takeover.from"), new java.util.concurrent.locks.ReentrantLock());
        IngestBranchTakenException e = assertThrows(IngestBranchTakenException.class, () -> second.commit("x",
                List.of(answer(batch(THEIRS, -1, 5), file(THEIRS, 0)))));
        assertTrue(e.getMessage().contains("'orders-sink'") && e.getMessage().contains("'payments-sink'")
                && e.getMessage().contains("lake.ingest.branch"), e.getMessage());
        assertEquals(head.id(), lake.getBranch(REPO, "ingest").commitId());
    }

    private static PartitionBatch batch(TopicPartition tp, long start, long next) {
        return new PartitionBatch(tp.topic(), tp.partition(), start, next, next - Math.max(start, 0));
    }

    private DataFile file(TopicPartition tp, long firstOffset) {
        String path = "topics/" + tp.topic() + "/partition=" + tp.partition() + "/" + tp.topic() + "+" + tp.partition()
                + "+" + firstOffset + ".parquet";
        PhysicalAddress address = lake.getPhysicalAddress(REPO, "ingest", path);
        UploadedObject u = lake.writePhysical(REPO, address, LakeFixture.stream("parquet bytes of " + path));
        return new DataFile(path, u.physicalAddress(), u.sizeBytes(), u.checksum(), tp.topic(), tp.partition(), 1,
                1_700_000_000_000L);
    }

    private static DataWritten answer(PartitionBatch batch, DataFile file) {
        return DataWritten.of("orders-sink", "any", 0, List.of(batch), List.of(file));
    }
}
