package io.lakesink.lake;

/** How a three-way merge settles a path changed differently on both sides (lakeFS {@code strategy}). */
public enum MergeStrategy {
    /** Fail the merge and name the conflicting paths (lakeFS default). */
    FAIL,
    /** Keep the destination's version ({@code dest-wins}). */
    DEST_WINS,
    /** Take the source's version ({@code source-wins}). */
    SOURCE_WINS;

    /** The lakeFS API's name for this strategy, or null for the default. */
    public String apiName() {
        return switch (this) {
            case FAIL -> null;
            case DEST_WINS -> "dest-wins";
            case SOURCE_WINS -> "source-wins";
        };
    }

    public static MergeStrategy fromApiName(String name) {
        if (name == null || name.isEmpty()) {
            return FAIL;
        }
        return switch (name) {
            case "dest-wins" -> DEST_WINS;
            case "source-wins" -> SOURCE_WINS;
            default -> throw new LakeInvalidArgumentException(
                    "unknown merge strategy '" + name + "': use dest-wins or source-wins, or none to fail on conflicts");
        };
    }
}
