package io.lakesink.offsets;

import io.lakesink.lake.Commit;
import io.lakesink.lake.FirstParents;
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
    /**
     * On a compaction commit: what it rewrote, as JSON {@code {"files_in":n,"files_out":m,"rows":r}}. Such a commit
     * changes no row and no offset (its {@link #KAFKA_OFFSETS} are its parent's), so it has no new data to check.
     */
    public static final String COMPACTION = "lakesink.compaction";
    /** On the commits a rollback writes (its revert on main, a skip on ingest): the rollback they belong to. */
    public static final String ROLLBACK_ID = "lakesink.rollback.id";

    private CommitMetadata() {
    }

    /** How far back {@link #offsetsAt} and {@link #eventTimesAt} look for a commit that records them. */
    static final int MAX_COMMITS_WITHOUT_OFFSETS = 1000;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The newest record time per topic a ref stands at: its own or its nearest first-parent ancestor's. */
    public static java.util.Map<String, Long> eventTimesAt(VersionedLake lake, String repository, String ref) {
        return eventTimesAt(lake, repository, lake.getCommit(repository, ref));
    }

    /** Likewise, from a commit already at hand. */
    public static java.util.Map<String, Long> eventTimesAt(VersionedLake lake, String repository, Commit commit) {
        String json = nearest(lake, repository, commit, EVENT_TIMES, false);
        return json == null ? java.util.Map.of() : parseTimes(json);
    }

    static java.util.Map<String, Long> parseTimes(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<java.util.TreeMap<String, Long>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(EVENT_TIMES + " is not a map of topic to epoch milliseconds: " + json, e);
        }
    }

    /** {@code lakesink.event.times} as written: topic to the newest record time, sorted. */
    public static String timesJson(java.util.Map<String, Long> times) {
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(times));
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
        return offsetsAt(lake, repository, lake.getCommit(repository, ref));
    }

    /** Likewise, from a commit already at hand. */
    public static OffsetMap offsetsAt(VersionedLake lake, String repository, Commit commit) {
        return OffsetMap.parse(nearest(lake, repository, commit, KAFKA_OFFSETS, true));
    }

    /**
     * The value of {@code key} on the commit or, when a commit made by hand carries none, on its newest first-parent
     * ancestor that does; null when no commit ever recorded it (or, unless {@code required}, none of the last
     * {@value #MAX_COMMITS_WITHOUT_OFFSETS} did).
     */
    private static String nearest(VersionedLake lake, String repository, Commit commit, String key, boolean required) {
        int looked = 0;
        for (Commit c : FirstParents.from(lake, repository, commit)) {
            if (looked++ == MAX_COMMITS_WITHOUT_OFFSETS) {
                if (!required) {
                    return null;
                }
                throw new IllegalStateException("no commit among the last " + MAX_COMMITS_WITHOUT_OFFSETS + " before "
                        + commit.id() + " records " + key + ": cannot tell where ingestion stands");
            }
            String value = c.metadata().get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
