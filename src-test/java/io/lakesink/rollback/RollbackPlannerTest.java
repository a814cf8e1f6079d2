package io.lakesink.rollback;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.MergeStrategy;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.publish.PublishMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a rollback finds its target, on a real embedded lake laid out as the sink lays it out: ingest commits of ten
 * offsets of orders-0 each (one file of 100 bytes), each published to main by a merge with its check results.
 */
class RollbackPlannerTest {
    private static final String REPO = "events";
    private static final TopicPartition P0 = new TopicPartition("orders", 0);

    @TempDir
    Path dir;
    private EmbeddedLake lake;
    private SinkBranches branches;
    private RollbackPlanner planner;
    private OffsetMap offsets = OffsetMap.EMPTY;
    private final List<Commit> ingested = new ArrayList<>();
    private final List<Commit> published = new ArrayList<>();
    private Commit first;

    @BeforeEach
    void layOut() {
        lake = EmbeddedLake.open(dir);
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
        first = lake.getCommit(REPO, "main");
        branches = new SinkBranches(lake, REPO, "main", "ingest");
        planner = new RollbackPlanner(branches);
        for (int i = 0; i < 3; i++) {
            publish(true);
        }
    }

    @AfterEach
    void close() {
        lake.close();
    }

    @Test
    void toOffsetGoesToTheNewestCommitHoldingNothingAtOrAfterIt() {
        // published 1 holds offsets 10..19: going back to offset 20 keeps it, to offset 19 does not
        RollbackPlan at20 = plan(new RollbackTarget.ToOffset(new PartitionOffset(P0, 20)));
        assertEquals(published.get(1).id(), at20.mainTo().id());
        assertEquals(ingested.get(1).id(), at20.ingestTo().id(), "ingest goes to the commit main's target published");
        assertEquals(20L, at20.resumeOffsets().get(P0).orElseThrow());
        assertEquals(List.of(published.get(2).id()), ids(at20.undoneOnMain()));
        assertEquals(List.of(new OffsetSpan(P0, 20, 30)), at20.removedFromMain());
        assertEquals(List.of(new OffsetSpan(P0, 20, 30)), at20.rereadOnIngest());
        assertEquals(1, at20.filesRemoved());
        assertEquals(100, at20.bytesRemoved());
        assertFalse(at20.alreadyDone());

        RollbackPlan at19 = plan(new RollbackTarget.ToOffset(new PartitionOffset(P0, 19)));
        assertEquals(published.get(0).id(), at19.mainTo().id());
        assertEquals(10L, at19.resumeOffsets().get(P0).orElseThrow());
        assertEquals(2, at19.filesRemoved());
        assertEquals(200, at19.bytesRemoved());
        assertEquals(List.of(new OffsetSpan(P0, 10, 30)), at19.removedFromMain());
    }

    @Test
    void backToWhereTheBranchesStandIsAlreadyDone() {
        RollbackPlan p = plan(new RollbackTarget.ToCommit(published.get(2).id()));
        assertEquals(published.get(2).id(), p.mainTo().id());
        assertEquals(ingested.get(2).id(), p.ingestTo().id());
        assertTrue(p.alreadyDone());
        assertEquals(List.of(), p.undoneOnMain());
        assertEquals(0, p.filesRemoved());
    }

    @Test
    void toOffsetReachesIngestCommitsNotYetOnMain() {
        Commit unpublished = ingest();   // offsets 30..39, not published
        RollbackPlan p = plan(new RollbackTarget.ToOffset(new PartitionOffset(P0, 35)));
        assertEquals(published.get(2).id(), p.mainTo().id(), "main holds nothing at or after 35 already");
        assertEquals(ingested.get(2).id(), p.ingestTo().id());
        assertEquals(List.of(new OffsetSpan(P0, 30, 40)), p.rereadOnIngest());
        assertEquals(unpublished.id(), p.ingestFrom().id());
        assertFalse(p.alreadyDone());
    }

    @Test
    void anOffsetNoCommitCoversIsRefused() {
        RollbackException atTheEnd = assertThrows(RollbackException.class,
                () -> plan(new RollbackTarget.ToOffset(new PartitionOffset(P0, 30))));
        assertTrue(atTheEnd.getMessage().contains("no commit covers offset 30 of orders-0"), atTheEnd.getMessage());
        RollbackException beyond = assertThrows(RollbackException.class,
                () -> plan(new RollbackTarget.ToOffset(new PartitionOffset(P0, 30_000))));
        assertTrue(beyond.getMessage().contains("no commit covers offset 30000 of orders-0: 'main' holds offsets below 30"
                + " and 'ingest' below 30"), beyond.getMessage());
        RollbackException unknown = assertThrows(RollbackException.class,
                () -> plan(new RollbackTarget.ToOffset(new PartitionOffset(new TopicPartition("orders", 7), 0))));
        assertTrue(unknown.getMessage().contains("holds any offset of orders-7"), unknown.getMessage());
    }

    @Test
    void toCommitMustBeOnMainsOwnHistory() {
        RollbackPlan p = plan(new RollbackTarget.ToCommit(published.get(0).id()));
        assertEquals(published.get(0).id(), p.mainTo().id());
        assertEquals(ingested.get(0).id(), p.ingestTo().id());
        assertEquals(List.of(published.get(2).id(), published.get(1).id()), ids(p.undoneOnMain()));

        RollbackPlan toFirst = plan(new RollbackTarget.ToCommit(first.id()));
        assertEquals(first.id(), toFirst.mainTo().id());
        assertEquals(first.id(), toFirst.ingestTo().id(), "before anything was published, ingest goes back too");
        assertEquals(OffsetMap.EMPTY, toFirst.resumeOffsets());

        RollbackException ingestOnly = assertThrows(RollbackException.class,
                () -> plan(new RollbackTarget.ToCommit(ingested.get(1).id())));
        assertTrue(ingestOnly.getMessage().contains("is not an ancestor of 'main'"), ingestOnly.getMessage());
        assertThrows(RollbackException.class, () -> plan(new RollbackTarget.ToCommit("nope")));
    }

    @Test
    void skippingMustGoPastWhereIngestionResumes() {
        RollbackPlan p = planner.plan(new RollbackTarget.ToOffset(new PartitionOffset(P0, 20)), RollbackMode.RESET,
                Optional.of(new PartitionOffset(P0, 25)));
        assertEquals(25L, p.resumeOffsets().get(P0).orElseThrow());
        assertEquals(List.of(new OffsetSpan(P0, 20, 25)), p.skipped());
        assertFalse(p.alreadyDone());
        RollbackException atResume = assertThrows(RollbackException.class, () -> planner.plan(
                new RollbackTarget.ToOffset(new PartitionOffset(P0, 20)), RollbackMode.RESET,
                Optional.of(new PartitionOffset(P0, 20))));
        assertTrue(atResume.getMessage().contains("is not past where ingestion resumes"), atResume.getMessage());
    }

    @Test
    void lastGoodGoesBeforeTheOldestBadCommitMarkedOrFailed() {
        publish(false);                                   // published 3: a failed check
        publish(true);                                    // published 4
        new RollbackLog(branches).markBad(ingested.get(1).id(), "test", "marked by its ingest commit");
        RollbackPlan p = plan(new RollbackTarget.LastGood());
        assertEquals(published.get(0).id(), p.mainTo().id(), "published 1 is bad through the ingest commit it published");
        assertEquals(ingested.get(0).id(), p.ingestTo().id());
        assertEquals(10L, p.resumeOffsets().get(P0).orElseThrow());
    }

    @Test
    void aFailedCheckAloneMakesACommitBad() {
        publish(false);                                   // published 3
        RollbackPlan p = plan(new RollbackTarget.LastGood());
        assertEquals(published.get(2).id(), p.mainTo().id());
        assertEquals(List.of(published.get(3).id()), ids(p.undoneOnMain()));
    }

    @Test
    void lastGoodNeedsABadCommitAndAGoodOneBeforeIt() {
        RollbackException noneBad = assertThrows(RollbackException.class, () -> plan(new RollbackTarget.LastGood()));
        assertTrue(noneBad.getMessage().contains("no commit on 'main' is marked bad"), noneBad.getMessage());
        RollbackLog log = new RollbackLog(branches);
        log.markBad(first.id(), "test", "everything");
        for (Commit c : published) {
            log.markBad(c.id(), "test", "everything");
        }
        RollbackException allBad = assertThrows(RollbackException.class, () -> plan(new RollbackTarget.LastGood()));
        assertTrue(allBad.getMessage().contains("every commit on 'main' is bad"), allBad.getMessage());
    }

    private RollbackPlan plan(RollbackTarget target) {
        return planner.plan(target, RollbackMode.RESET, Optional.empty());
    }

    /** The next ten offsets of orders-0 committed on ingest, with one 100-byte file. */
    private Commit ingest() {
        long from = offsets.get(P0).orElse(0L);
        new LakeFixture(lake, REPO).put("ingest", "topics/orders/partition=0/orders+0+" + from + ".parquet",
                "x".repeat(100));
        offsets = offsets.with(P0, from + 10);
        Commit c = lake.commit(REPO, "ingest", CommitRequest.of("ingest " + from,
                Map.of(CommitMetadata.KAFKA_OFFSETS, offsets.toJson())));
        ingested.add(c);
        return c;
    }

    /** One ingest commit merged to main as the publisher merges it, its check passed or failed. */
    private void publish(boolean passed) {
        Commit c = ingest();
        Map<String, String> md = new LinkedHashMap<>();
        md.put(CommitMetadata.KAFKA_OFFSETS, offsets.toJson());
        md.put(PublishMetadata.SOURCE, c.id());
        md.put(PublishMetadata.CHECKS, "[{\"name\":\"rows\",\"outcome\":\"" + (passed ? "passed" : "failed")
                + "\",\"figure\":10,\"message\":\"m\"}]");
        published.add(lake.merge(REPO, c.id(), "main", new MergeRequest("Publish " + c.id(), md, MergeStrategy.FAIL,
                false)));
    }

    private static List<String> ids(List<Commit> commits) {
        return commits.stream().map(Commit::id).toList();
    }
}
