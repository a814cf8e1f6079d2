package io.lakesink.lake;

import java.util.Map;

/**
 * Reverts the changes a commit introduced. For a merge commit, {@code parentNumber} (1-based, as in lakeFS
 * and git) names the parent the commit is compared with; reverting a publish merge on main uses 1.
 * A null message gives lakeFS's default "Revert &lt;ref&gt;".
 */
public record RevertRequest(String ref, int parentNumber, String message, Map<String, String> metadata,
                            boolean allowEmpty) {
    public RevertRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static RevertRequest of(String ref) {
        return new RevertRequest(ref, 0, null, Map.of(), false);
    }

    public RevertRequest parent(int number) {
        return new RevertRequest(ref, number, message, metadata, allowEmpty);
    }

    public RevertRequest withMessage(String m, Map<String, String> md) {
        return new RevertRequest(ref, parentNumber, m, md, allowEmpty);
    }
}
