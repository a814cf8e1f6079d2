package io.lakesink.compact;

import io.lakesink.lake.Commit;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.lake.embedded.GarbageReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compaction on the embedded lake, and its retention: superseded files go once no retained commit holds them. */
class EmbeddedCompactionTest extends CompactionTest {
    @Override
    protected VersionedLake openLake(Path dir) {
        return EmbeddedLake.open(dir.resolve("lake"));
    }

    @Test
    void automaticCompactionPlansEachIntervalAndCommitsWhatItRewroteOnceIngestIsPublished() throws Exception {
        for (int i = 0; i < 4; i++) {
            ingestAndPublish(100, false);
        }
        AtomicLong now = new AtomicLong();
        AutoCompaction auto = new AutoCompaction(new CompactionPlanner(lake, REPO, "main", "topics"), compactor(),
                new CompactionPolicy(1024 * 1024, 3), 1_000, 5_000, now::get);
        assertFalse(auto.runIfDue(), "nothing before the first interval");
        assertEquals(4, files("main").size());
        now.set(1_000);
        ingest(10, false);
        assertFalse(auto.runIfDue(), "rewritten, but ingest holds a commit main does not");
        publisher.publishPending();
        now.set(1_500);
        assertTrue(auto.runIfDue(), "the rewritten files are committed before the next plan is due");
        publisher.publishPending();
        assertEquals(2, files("main").size(), "the four small files as one, and the newer one");
        assertEquals(410, rows("main").size());
        assertFalse(auto.runIfDue(), "nothing held, and the next plan is not due");
    }

    @Test
    void filesACompactionReplacedAreDeletedOnlyOnceNoRetainedCommitHoldsThem() throws Exception {
        for (int i = 0; i < 4; i++) {
            ingestAndPublish(100, false);
        }
        Commit beforeCompaction = lake.getCommit(REPO, "main");
        List<ObjectStats> small = files("main");
        compactor().commit(compactor().prepare(plan(2))).commit().orElseThrow();
        publisher.publishPending();
        List<String> rows = rows("main");
        EmbeddedLake embedded = (EmbeddedLake) lake;

        GarbageReport young = embedded.collectGarbage(REPO, Duration.ofHours(1), false);
        assertEquals(List.of(), young.unreferenced(), "every commit is younger than an hour: all files stay");

        GarbageReport dry = embedded.collectGarbage(REPO, Duration.ZERO, true);
        assertEquals(4, dry.unreferenced().size(), "the four small files only old commits hold: " + dry);
        assertEquals(small.stream().mapToLong(ObjectStats::sizeBytes).sum(), dry.unreferencedBytes());
        assertEquals(400, rows(beforeCompaction.id()).size(), "a dry run deletes nothing");

        GarbageReport done = embedded.collectGarbage(REPO, Duration.ZERO, false);
        assertEquals(dry.unreferenced(), done.unreferenced());
        assertEquals(rows, rows("main"), "main keeps every row");
        assertTrue(embedded.collectGarbage(REPO, Duration.ZERO, true).unreferenced().isEmpty());
        assertThrows(Exception.class, () -> rows(beforeCompaction.id()),
                "a commit older than the retention period has lost its superseded files");
    }
}
