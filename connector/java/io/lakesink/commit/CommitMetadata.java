package io.lakesink.commit;

import io.lakesink.lake.Commit;

/** Keys of the metadata every LakeSink ingest commit carries: the contract with checks, the CLI and users. */
public final class CommitMetadata {
    public static final String KAFKA_OFFSETS = "kafka.offsets";
    public static final String CONNECTOR = "lakesink.connector";
    public static final String COMMIT_ID = "lakesink.commit";
    public static final String RECORDS = "lakesink.records";
    public static final String FILES = "lakesink.files";
    public static final String EVENT_TIME_MAX = "lakesink.event.time.max";

    private CommitMetadata() {
    }

    public static OffsetMap offsetsOf(Commit commit) {
        return OffsetMap.parse(commit.metadata().get(KAFKA_OFFSETS));
    }
}
