package io.lakesink.lake;

import java.util.Map;

/**
 * Message, metadata and conflict strategy of a merge. Without {@code allowEmpty}, a merge that would change
 * nothing on the destination fails with {@link LakeInvalidArgumentException} ("no changes"), as in lakeFS.
 */
public record MergeRequest(String message, Map<String, String> metadata, MergeStrategy strategy, boolean allowEmpty) {
    public MergeRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        strategy = strategy == null ? MergeStrategy.FAIL : strategy;
    }

    public static MergeRequest of(String message) {
        return new MergeRequest(message, Map.of(), MergeStrategy.FAIL, false);
    }

    public MergeRequest withStrategy(MergeStrategy s) {
        return new MergeRequest(message, metadata, s, allowEmpty);
    }

    public MergeRequest withMetadata(Map<String, String> m) {
        return new MergeRequest(message, m, strategy, allowEmpty);
    }

    public MergeRequest allowingEmpty() {
        return new MergeRequest(message, metadata, strategy, true);
    }
}
