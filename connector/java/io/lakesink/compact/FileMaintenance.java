package io.lakesink.compact;

/**
 * What the publisher does for the lake's files between publishes: compaction of main's small files and, on the
 * embedded lake, deleting files no retained commit refers to. Either may be absent.
 */
public final class FileMaintenance {
    private final AutoCompaction compaction;
    private final EmbeddedRetention retention;

    public FileMaintenance(AutoCompaction compaction, EmbeddedRetention retention) {
        this.compaction = compaction;
        this.retention = retention;
    }

    /** Runs what is due; true when a compaction commit landed on the ingest branch (publish it). */
    public boolean runIfDue() {
        boolean compacted = compaction != null && compaction.runIfDue();
        if (retention != null) {
            retention.runIfDue();
        }
        return compacted;
    }
}
