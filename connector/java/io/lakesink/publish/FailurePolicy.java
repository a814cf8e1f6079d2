package io.lakesink.publish;

/** What happens when a check fails ({@code checks.on.failure}). */
public enum FailurePolicy {
    /** Nothing more reaches main until the bad commit is reverted or rolled back on ingest and checks pass. */
    HALT,
    /** The bad commit is kept on a quarantine branch, reverted on ingest, and publishing goes on. */
    QUARANTINE;

    public static FailurePolicy fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
