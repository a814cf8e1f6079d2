package io.lakesink.rollback;

import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;

import java.util.List;
import java.util.Optional;

/**
 * What a rollback will do, computed without changing anything: where main and ingest are and where they go, what
 * disappears from main, and the offsets ingestion resumes from.
 *
 * @param undoneOnMain    main's commits newer than the target, newest first (reverted one by one in revert mode)
 * @param removedFromMain offsets main holds now that it will not hold after
 * @param rereadOnIngest  offsets ingest holds now beyond where it resumes (read again from Kafka, unless skipped)
 * @param skipped         offsets jumped over with {@code --skip-to-offset}, never read again
 */
public record RollbackPlan(RollbackMode mode, Commit mainFrom, Commit mainTo, Commit ingestFrom, Commit ingestTo,
                           List<Commit> undoneOnMain, List<OffsetSpan> removedFromMain,
                           List<OffsetSpan> rereadOnIngest, OffsetMap resumeOffsets, Optional<PartitionOffset> skipTo,
                           List<OffsetSpan> skipped, int filesRemoved, long bytesRemoved) {
    public RollbackPlan {
        undoneOnMain = List.copyOf(undoneOnMain);
        removedFromMain = List.copyOf(removedFromMain);
        rereadOnIngest = List.copyOf(rereadOnIngest);
        skipped = List.copyOf(skipped);
    }

    /** True when main and ingest already stand where the rollback would put them and nothing is skipped. */
    public boolean alreadyDone() {
        return mainFrom.id().equals(mainTo.id()) && ingestFrom.id().equals(ingestTo.id()) && skipTo.isEmpty();
    }
}
