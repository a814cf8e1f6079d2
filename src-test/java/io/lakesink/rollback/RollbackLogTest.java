package io.lakesink.rollback;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rollback record in the lake: which rollback was cut off (a re-run finishes it) and which commits are bad (marked,
 * or undone by a rollback), which --last-good goes back before.
 */
class RollbackLogTest {
    @TempDir
    Path dir;
    private EmbeddedLake lake;
    private RollbackLog log;

    @BeforeEach
    void open() {
        lake = EmbeddedLake.open(dir);
        lake.createRepository("events", "main");
        lake.createBranch("events", "ingest", "main");
        log = new RollbackLog(new SinkBranches(lake, "events", "main", "ingest"));
    }

    @AfterEach
    void close() {
        lake.close();
    }

    @Test
    void anEmptyLogHasNothingUnfinishedAndNothingBad() {
        assertTrue(log.entries().isEmpty());
        assertTrue(log.unfinished().isEmpty());
        assertTrue(log.badCommits().isEmpty());
    }

    @Test
    void aRollbackThatStartedAndNeverCompletedIsUnfinishedUntilItCompletes() {
        started("r1", "c1,c2");
        assertEquals("r1", log.unfinished().orElseThrow().rollbackId());
        assertEquals("r1", log.latest().rollbackId());
        log.append("Rollback r1 completed", Map.of(RollbackLog.KIND, RollbackLog.COMPLETED,
                CommitMetadata.ROLLBACK_ID, "r1"));
        assertTrue(log.unfinished().isEmpty());
        assertEquals(RollbackLog.COMPLETED, log.latest().kind());

        started("r2", "");
        assertEquals("r2", log.unfinished().orElseThrow().rollbackId(), "the newest start without its completion");
    }

    @Test
    void badCommitsAreTheMarkedOnesAndTheOnesARollbackUndid() {
        assertEquals("m1", log.markBad("m1", "ops", "wrong currency").metadata().get(RollbackLog.BAD));
        started("r1", "c1,c2");
        started("r2", "");
        log.append("a note", Map.of(RollbackLog.KIND, "something-else", RollbackLog.BAD, "not-this-one"));
        assertEquals(Set.of("m1", "c1", "c2"), log.badCommits());
        assertEquals(List.of("something-else", RollbackLog.STARTED, RollbackLog.STARTED, RollbackLog.BAD_COMMIT),
                lake.log("events", RollbackLog.BRANCH, io.lakesink.lake.PageRequest.first(10)).items().stream()
                        .limit(4).map(c -> c.metadata().get(RollbackLog.KIND)).toList());
        assertEquals(List.of(RollbackLog.STARTED, RollbackLog.STARTED, RollbackLog.BAD_COMMIT),
                log.entries().stream().map(RollbackLog.Entry::kind).toList(), "entries are rollbacks and marks only");
    }

    private void started(String id, String undone) {
        log.append("Rollback " + id, Map.of(RollbackLog.KIND, RollbackLog.STARTED, CommitMetadata.ROLLBACK_ID, id,
                RollbackLog.UNDONE, undone));
    }
}
