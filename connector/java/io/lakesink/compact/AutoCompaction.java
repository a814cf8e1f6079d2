package io.lakesink.compact;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * The connector's compaction policy in time: every interval it plans on main and rewrites what the policy names,
 * then commits as soon as the ingest branch holds nothing unpublished. Rewritten files wait at most
 * {@code holdMs} for that moment: they are unlinked uploads until then, which the unlinked-file collector deletes
 * once they are older than its grace period. Run on the publisher's thread, one call at a time.
 */
public final class AutoCompaction {
    private static final Logger log = LoggerFactory.getLogger(AutoCompaction.class);

    private final CompactionPlanner planner;
    private final Compactor compactor;
    private final CompactionPolicy policy;
    private final long intervalMs;
    private final long holdMs;
    private final LongSupplier clock;
    private long nextPlanAt;
    private RewrittenFiles prepared;
    private long preparedAt;

    /**
     * @param holdMs how long rewritten files may wait for a quiet ingest branch; keep it well below the unlinked
     *               files' grace period
     */
    public AutoCompaction(CompactionPlanner planner, Compactor compactor, CompactionPolicy policy, long intervalMs,
                          long holdMs, LongSupplier clock) {
        this.planner = planner;
        this.compactor = compactor;
        this.policy = policy;
        this.intervalMs = intervalMs;
        this.holdMs = holdMs;
        this.clock = clock;
        this.nextPlanAt = clock.getAsLong() + intervalMs;
    }

    /** Compacts when due; true when a compaction commit landed on the ingest branch (publish it). */
    public boolean runIfDue() {
        long now = clock.getAsLong();
        if (prepared != null && now - preparedAt > holdMs) {
            log.info("Compaction: ingest never stood still long enough in {} ms; planning again later", holdMs);
            prepared = null;
        }
        if (prepared == null) {
            if (now < nextPlanAt) {
                return false;
            }
            nextPlanAt = now + intervalMs;
            CompactionPlan plan = planner.plan(policy);
            if (plan.isEmpty()) {
                return false;
            }
            log.info("Compaction: rewriting {} small file(s) ({} bytes) in {} group(s)", plan.inputFiles(),
                    plan.inputBytes(), plan.groups().size());
            prepared = compactor.prepare(plan);
            preparedAt = clock.getAsLong();
        }
        Compactor.Outcome outcome = compactor.commit(prepared);
        if (outcome.commit().isPresent() || outcome.stale() || prepared.rewrites().isEmpty()) {
            prepared = null;
        }
        if (outcome.commit().isEmpty()) {
            log.info("Compaction not committed: {}", outcome.reason());
        }
        return outcome.commit().isPresent();
    }
}
