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

    /** Audit entry kind: checks failed on an ingest commit (see {@link AuditLog}). */
    public static final String CHECK_FAILED = "check-failed";
    /** On a check-failed audit entry: the ingest commit the checks failed on. */
    public static final String FAILED_COMMIT = "lakesink.failed.commit";
    /** On a check-failed audit entry: what publishing did about it, {@code halt} or {@code quarantine}. */
    public static final String FAILURE_ACTION = "lakesink.failure.action";

    private PublishMetadata() {
    }

    /** lakeFS branch names cannot hold '/', so quarantine branches are {@code quarantine-<commit id prefix>}. */
    public static String quarantineBranch(String commitId) {
        return "quarantine-" + commitId.substring(0, Math.min(12, commitId.length()));
    }
}
