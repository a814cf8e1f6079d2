package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeInvalidArgumentException;

/**
 * Which of the embedded lake's refusals a route is looking at, where the same typed error stands for several: the
 * routes answer each with lakeFS's own status and message instead.
 */
final class EmbeddedRefusals {
    private EmbeddedRefusals() {
    }

    /** The embedded lake's "nothing to commit / merge / revert" (its messages start "no changes"). */
    static boolean isNoChanges(LakeInvalidArgumentException e) {
        return e.getMessage() != null && e.getMessage().startsWith("no changes");
    }

    /** The embedded lake's refusal of a branch with uncommitted changes (a conflict that names no paths). */
    static boolean isDirtyBranch(LakeConflictException e) {
        return e.conflictingPaths().isEmpty() && e.getMessage() != null
                && e.getMessage().contains("has uncommitted changes");
    }

    /** A conflict on paths: lakeFS names none. */
    static boolean isPathConflict(LakeConflictException e) {
        return !e.conflictingPaths().isEmpty();
    }
}
