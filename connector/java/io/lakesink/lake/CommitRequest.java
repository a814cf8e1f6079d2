package io.lakesink.lake;

import java.util.Map;

/**
 * Message and metadata of a commit; {@code allowEmpty} permits a commit with no staged change. A non-null
 * {@code expectedParent} makes the commit compare-and-set: it lands only on top of that commit, and fails with
 * {@link LakeBranchMovedException} when the branch head is another one.
 */
public record CommitRequest(String message, Map<String, String> metadata, boolean allowEmpty, String expectedParent) {
    public CommitRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (message == null || message.isBlank()) {
            throw new LakeInvalidArgumentException("a commit needs a non-empty message");
        }
    }

    public CommitRequest(String message, Map<String, String> metadata, boolean allowEmpty) {
        this(message, metadata, allowEmpty, null);
    }

    public static CommitRequest of(String message) {
        return new CommitRequest(message, Map.of(), false);
    }

    public static CommitRequest of(String message, Map<String, String> metadata) {
        return new CommitRequest(message, metadata, false);
    }

    public CommitRequest allowingEmpty() {
        return new CommitRequest(message, metadata, true, expectedParent);
    }

    /** The same commit, made only if the branch head is still {@code parent} (the head the caller built on). */
    public CommitRequest onlyOnTopOf(String parent) {
        return new CommitRequest(message, metadata, allowEmpty, parent);
    }
}
