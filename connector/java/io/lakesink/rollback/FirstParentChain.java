package io.lakesink.rollback;

import io.lakesink.lake.Commit;
import io.lakesink.lake.FirstParents;
import io.lakesink.lake.VersionedLake;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A branch's own history: its head, then each commit's first parent. On main that is one commit per publish
 * (the merges), not the ingest commits they brought in.
 */
final class FirstParentChain {
    /** How far back a rollback looks; a target older than this is refused rather than searched for forever. */
    static final int MAX_COMMITS = 100_000;

    private FirstParentChain() {
    }

    /** From {@code head} back until {@code stop} matches (that commit included) or the first commit. */
    static List<Commit> walk(VersionedLake lake, String repository, Commit head, Predicate<Commit> stop) {
        List<Commit> chain = new ArrayList<>();
        for (Commit c : FirstParents.from(lake, repository, head)) {
            chain.add(c);
            if (stop.test(c)) {
                return chain;
            }
            if (chain.size() >= MAX_COMMITS && !c.parents().isEmpty()) {
                throw new RollbackException("searched " + MAX_COMMITS + " commits back from " + head.id()
                        + " without finding the target: name a commit with --to-commit");
            }
        }
        return chain;
    }
}
