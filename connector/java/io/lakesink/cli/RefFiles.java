package io.lakesink.cli;

import io.lakesink.lake.LocalCopies;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.rollback.SinkBranches;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A ref's Parquet files as local paths for DuckDB: read in place when the lake keeps them locally, else fetched. */
final class RefFiles {
    private final SinkBranches b;
    private final String ref;
    private final Path scratch;

    RefFiles(SinkBranches b, String ref, Path scratch) {
        this.b = b;
        this.ref = ref;
        this.scratch = scratch;
    }

    /** Topic to its Parquet files, for every topic under {@code topicsDir}. */
    Map<String, List<Path>> byTopic(String topicsDir) {
        Map<String, List<Path>> out = new TreeMap<>();
        String prefix = topicsDir.endsWith("/") ? topicsDir : topicsDir + "/";
        for (ObjectStats o : Pages.all(p -> b.lake().listObjects(b.repository(), ref, prefix, p))) {
            if (!o.path().endsWith(".parquet")) {
                continue;
            }
            String rest = o.path().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                out.computeIfAbsent(rest.substring(0, slash), t -> new java.util.ArrayList<>())
                        .add(LocalCopies.of(b.lake(), b.repository(), ref, o, scratch));
            }
        }
        return out;
    }
}
