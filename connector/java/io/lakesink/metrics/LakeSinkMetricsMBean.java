package io.lakesink.metrics;

/** What a LakeSink task shows over JMX as {@code io.lakesink:type=LakeSink,connector=<name>,task=<id>}. */
public interface LakeSinkMetricsMBean {
    boolean isCoordinator();

    long getIngestCommits();

    long getRecordsCommitted();

    long getFilesCommitted();

    long getFailedCommitCycles();

    /** Milliseconds from a cycle's start to its commit, for the last cycle and the slowest so far. */
    long getLastCommitCycleMillis();

    long getMaxCommitCycleMillis();

    String getLastIngestCommit();

    String getLastIngestOffsets();

    long getMerges();

    String getLastMergedCommit();

    String getLastMergedOffsets();

    /** Records committed to the ingest branch but not yet merged to main, over all partitions. */
    long getRecordsBehindMain();

    long getChecksPassed();

    /** Checks that found what they look for (bad rows, a broken threshold). */
    long getChecksFailed();

    /** Checks that could not run at all (a query that does not bind, a service that did not answer). */
    long getChecksNotRun();

    String getLastFailedCheck();

    boolean isPublishingHalted();

    String getHaltedAtCommit();

    long getQuarantinedCommits();

    /** Rows set aside by quarantines since the task started (a whole commit's rows when it went as a whole). */
    long getQuarantinedRows();
}
