package io.lakesink.lake;

import java.util.Map;

/** Message and metadata of a commit; {@code allowEmpty} permits a commit with no staged change. */
public record CommitRequest(String message, Map<String, String> metadata, boolean allowEmpty) {
    public CommitRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (message == null || message.isBlank()) {
            throw new LakeInvalidArgumentException("a commit needs a non-empty message");
        }
    }

    public static CommitRequest of(String message) {
        return new CommitRequest(message, Map.of(), false);
    }

    public static CommitRequest of(String message, Map<String, String> metadata) {
        return new CommitRequest(message, metadata, false);
    }

    public CommitRequest allowingEmpty() {
        return new CommitRequest(message, metadata, true);
    }
}
