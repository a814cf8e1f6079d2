package io.lakesink.lake.lakefs;

import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;

import java.util.List;
import java.util.function.Supplier;

/**
 * Makes a commit safe to retry. lakeFS commits carry no idempotency token, and a commit whose answer was lost (a
 * time-out, a 500) may have happened; committing again would then commit whatever was staged since, twice over.
 * A commit carrying {@code lakesink.commit} is looked for in the newest commits of the branch before it is sent
 * again. A commit without it is sent again only when lakeFS said it did nothing (429, 503).
 */
final class CommitGuard {
    static final String COMMIT_TOKEN = "lakesink.commit";
    /** How far back the log is searched for a lost commit: later commits by other writers may sit on top of it. */
    static final int SEARCH_DEPTH = 100;

    private final LakeFsCalls calls;

    CommitGuard(LakeFsCalls calls) {
        this.calls = calls;
    }

    /**
     * @param send   sends the commit once
     * @param recent the newest commits of the branch, newest first (at most {@link #SEARCH_DEPTH})
     */
    Commit commit(String what, CommitRequest request, Supplier<Commit> send, Supplier<List<Commit>> recent) {
        String token = request.metadata().get(COMMIT_TOKEN);
        boolean[] mayHaveHappened = {false};
        return calls.retrying(what, () -> {
            if (mayHaveHappened[0]) {
                for (Commit c : recent.get()) {
                    if (token.equals(c.metadata().get(COMMIT_TOKEN))) {
                        return c;
                    }
                }
            }
            try {
                return send.get();
            } catch (LakeFsUnavailableException e) {
                mayHaveHappened[0] |= !e.refusedBeforeWork();
                throw e;
            }
        }, e -> token != null || e instanceof LakeFsUnavailableException u && u.refusedBeforeWork());
    }
}
