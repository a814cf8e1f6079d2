package io.lakesink.publish;

/** Metadata keys of the commits publishing writes: merges on main and quarantine reverts on ingest. */
public final class PublishMetadata {
    /** On a merge into main: the ingest commit it publishes. */
    public static final String SOURCE = "lakesink.source";
    /** On a merge into main or a quarantine revert: the check results, as JSON. */
    public static final String CHECKS = "lakesink.checks";
    /** On a revert on ingest: the commit it quarantined. */
    public static final String QUARANTINE_OF = "lakesink.quarantine.of";
    /** On a revert on ingest: the branch holding the quarantined commit. */
    public static final String QUARANTINE_BRANCH = "lakesink.quarantine.branch";

    /**
     * On a quarantine's ingest commit and on its entry commit (the quarantine branch): {@code rows} when only the
     * rows the checks named were set aside, {@code commit} when the whole commit was.
     */
    public static final String QUARANTINE_LEVEL = "lakesink.quarantine.level";
    public static final String LEVEL_ROWS = "rows";
    public static final String LEVEL_COMMIT = "commit";
    /** On a quarantine's commits: how many rows were set aside. */
    public static final String QUARANTINE_ROWS = "lakesink.quarantine.rows";
    /** On a quarantine's entry commit: the offsets set aside, per topic and partition, as ranges (JSON). */
    public static final String QUARANTINE_OFFSETS = "lakesink.quarantine.offsets";
    /**
     * On a quarantine's entry commit: the commit its files are compared with; the entry's files are those the
     * entry commit adds relative to it (main's head for rows, the quarantined commit's parent for a whole commit).
     */
    public static final String QUARANTINE_BASE = "lakesink.quarantine.base";
    /** On an operator's decision, an empty commit on the quarantine branch: {@code released} or {@code dropped}. */
    public static final String QUARANTINE_STATE = "lakesink.quarantine.state";
    public static final String STATE_RELEASED = "released";
    public static final String STATE_DROPPED = "dropped";
    /** On a decision: who took it and why. */
    public static final String DECIDED_BY = "lakesink.quarantine.decided.by";
    public static final String DECISION_REASON = "lakesink.quarantine.reason";
    /** On a release: {@code true} when the checks were not run again (the operator forced it). */
    public static final String RELEASE_FORCED = "lakesink.quarantine.forced";
    /** On a release decision: the merge into main that put the rows there. */
    public static final String RELEASED_AS = "lakesink.quarantine.released.as";
    /** On a merge into main that releases a quarantine: the quarantined ingest commit. */
    public static final String RELEASE_OF = "lakesink.quarantine.release.of";

    /** Audit entry kinds of an operator's decision on a quarantine. */
    public static final String QUARANTINE_RELEASED = "quarantine-released";
    public static final String QUARANTINE_DROPPED = "quarantine-dropped";

    /** Audit entry kind: checks failed on an ingest commit (see {@link AuditLog}). */
    public static final String CHECK_FAILED = "check-failed";
    /** On a check-failed audit entry: the ingest commit the checks failed on. */
    public static final String FAILED_COMMIT = "lakesink.failed.commit";
    /** On a check-failed audit entry: what publishing did about it, {@code halt} or {@code quarantine}. */
    public static final String FAILURE_ACTION = "lakesink.failure.action";

    private PublishMetadata() {
    }

    public static final String QUARANTINE_BRANCH_PREFIX = "quarantine-";

    /**
     * Where a row-level quarantine keeps the bad rows of the file at {@code path}: beside it, named after it and
     * the quarantined commit, so the name is the same however often the quarantine is retried.
     */
    public static String quarantinedPath(String path, String commitId) {
        return stem(path) + ".quarantined-" + shortId(commitId) + ".parquet";
    }

    /**
     * Where a release puts an entry's file on main: one name per quarantined commit and original file, so a second
     * release of the same rows lands on the same path (and changes nothing) instead of adding them twice.
     * Compaction leaves these files alone: they exist on main only.
     */
    public static String releasedPath(String entryPath, String commitId) {
        String stem = stem(entryPath);
        int q = stem.lastIndexOf(".quarantined-");
        return (q < 0 ? stem : stem.substring(0, q)) + ".released-" + shortId(commitId) + ".parquet";
    }

    /** Whether a file on main came there by a release (see {@link #releasedPath}). */
    public static boolean isReleased(String path) {
        return stem(path).contains(".released-");
    }

    private static String stem(String path) {
        return path.endsWith(".parquet") ? path.substring(0, path.length() - ".parquet".length()) : path;
    }

    private static String shortId(String commitId) {
        return commitId.substring(0, Math.min(12, commitId.length()));
    }

    /** lakeFS branch names cannot hold '/', so quarantine branches are {@code quarantine-<commit id prefix>}. */
    public static String quarantineBranch(String commitId) {
        return QUARANTINE_BRANCH_PREFIX + shortId(commitId);
    }
}
