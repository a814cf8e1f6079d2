package io.lakesink.lake;

import java.util.List;

/**
 * The request clashes with the current state (lakeFS 409): a merge or revert with conflicting paths, a
 * branch or repository that already exists, a branch with uncommitted changes where a clean one is needed.
 */
public class LakeConflictException extends LakeException {
    private final List<String> conflictingPaths;

    public LakeConflictException(String message) {
        this(message, List.of());
    }

    public LakeConflictException(String message, List<String> conflictingPaths) {
        super(message);
        this.conflictingPaths = List.copyOf(conflictingPaths);
    }

    /** Paths changed differently on both sides of a merge or revert; empty for other conflicts. */
    public List<String> conflictingPaths() {
        return conflictingPaths;
    }
}
