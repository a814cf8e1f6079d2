package io.lakesink.check;

import io.lakesink.offsets.OffsetMap;
import io.lakesink.sql.SqlLimits;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a check may look at: one ingest commit's new Parquet files per topic (those the commit adds relative to the
 * ref it is checked from: its parent, or after a halt main's merge base), the files main holds now, and the commit's
 * metadata. What a check costs should follow the new data: main's files are asked for only by checks that read them. Files are given as local paths any Parquet reader
 * (DuckDB's {@code read_parquet}) can open; backends whose objects are remote download them first.
 */
public interface CheckContext {
    String repository();

    /** The ingest commit being checked. */
    String commitId();

    /** The main branch's head commit the merge would go onto. */
    String mainCommitId();

    Map<String, String> commitMetadata();

    /** {@code kafka.offsets} of the ingest commit. */
    OffsetMap offsets();

    /** Topics with new files in this commit, sorted. */
    List<String> topics();

    /** The Parquet files of {@code topic} that the commit adds. */
    List<Path> newFiles(String topic);

    /**
     * The Parquet files of {@code topic} on main now (for comparisons), each fetched to a local file: the cost grows
     * with main, so only a query that reads {@code main_<topic>} asks for them.
     */
    List<Path> mainFiles(String topic);

    /**
     * One Parquet file of {@code topic} on main, to give a view of a topic the commit adds no rows to its columns;
     * empty when main holds none. Unlike {@link #mainFiles}, its cost does not grow with main.
     */
    default Optional<Path> columnsSample(String topic) {
        return mainFiles(topic).stream().findFirst();
    }

    /**
     * The last Parquet file of {@code topic} on main in path order, whose columns stand for main's (the schema check
     * compares the new files with it); empty when main holds none. Unlike {@link #mainFiles}, it fetches one file
     * however many main holds.
     */
    default Optional<Path> lastMainFile(String topic) {
        List<Path> onMain = mainFiles(topic);
        return onMain.isEmpty() ? Optional.empty() : Optional.of(onMain.get(onMain.size() - 1));
    }

    /** Whether {@code name} is one of the connector's topics, with or without rows anywhere yet. */
    default boolean isConnectorTopic(String name) {
        return topics().contains(name);
    }

    /** Lake paths of every file the commit adds, for reports (e.g. a webhook's body). */
    List<String> newObjectPaths();

    /** A directory of this check run's own where a check may keep temporary files (DuckDB spills there). */
    Path scratch();

    /** Bounds for the DuckDB sessions a check opens. */
    default SqlLimits sqlLimits() {
        return SqlLimits.DEFAULTS;
    }
}
