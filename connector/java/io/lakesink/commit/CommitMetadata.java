package io.lakesink.commit;

import io.lakesink.lake.Commit;
import io.lakesink.lake.VersionedLake;

/** Keys of the metadata every LakeSink ingest commit carries: the contract with checks, the CLI and users. */
public final class CommitMetadata {
    public static final String KAFKA_OFFSETS = "kafka.offsets";
    public static final String CONNECTOR = "lakesink.connector";
    public static final String COMMIT_ID = "lakesink.commit";
    public static final String RECORDS = "lakesink.records";
    public static final String FILES = "lakesink.files";
    public static final String EVENT_TIME_MAX = "lakesink.event.time.max";
    /** Newest record time (epoch ms) of every topic ingested so far, as JSON {@code {"topic": ms}}. */
    public static final String EVENT_TIMES = "lakesink.event.times";
    /** On the commits a rollback writes (its revert on main, a skip on ingest): the rollback they belong to. */
    public static final String ROLLBACK_ID = "lakesink.rollback.id";

    private CommitMetadata() {
    }

    /** How far back {@link #offsetsAt} looks for a commit that records offsets. */
    static final int MAX_COMMITS_WITHOUT_OFFSETS = 1000;

    /** The newest record time per topic a ref stands at: its own or its nearest first-parent ancestor's. */
    public static java.util.Map<String, Long> eventTimesAt(VersionedLake lake, String repository, String ref) {
        Commit c = lake.getCommit(repository, ref);
        for (int i = 0; i < MAX_COMMITS_WITHOUT_OFFSETS; i++) {
            String json = c.metadata().get(EVENT_TIMES);
            if (json != null) {
                return parseTimes(json);
            }
            if (c.parents().isEmpty()) {
                break;
            }
            c = lake.getCommit(repository, c.parents().get(0));
        }
        return java.util.Map.of();
    }

    static java.util.Map<String, Long> parseTimes(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.TreeMap<String, Long>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(EVENT_TIMES + " is not a map of topic to epoch milliseconds: " + json, e);
        }
    }

    static String timesJson(java.util.Map<String, Long> times) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new java.util.TreeMap<>(times));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }

    public static OffsetMap offsetsOf(Commit commit) {
        return OffsetMap.parse(commit.metadata().get(KAFKA_OFFSETS));
    }

    /**
     * The offsets a ref stands at: those of its commit, or, when a commit made by hand (an operator's revert, say)
     * carries none, those of the newest first-parent ancestor that does. Empty when no commit ever recorded any.
     */
    public static OffsetMap offsetsAt(VersionedLake lake, String repository, String ref) {
        Commit c = lake.getCommit(repository, ref);
        for (int i = 0; i < MAX_COMMITS_WITHOUT_OFFSETS; i++) {
            if (c.metadata().containsKey(KAFKA_OFFSETS)) {
                return offsetsOf(c);
            }
            if (c.parents().isEmpty()) {
                return OffsetMap.EMPTY;
            }
            c = lake.getCommit(repository, c.parents().get(0));
        }
        throw new IllegalStateException("no commit among the last " + MAX_COMMITS_WITHOUT_OFFSETS + " of " + ref
                + " records kafka.offsets: cannot tell where ingestion stands");
    }
}
