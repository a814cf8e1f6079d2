package io.lakesink.compact;

import io.lakesink.lake.Commit;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the partition directories on main that hold more small files than the policy allows, and packs their small
 * files, in path order, into groups that each fill at most one target-size file. A group of one file is left alone.
 */
public final class CompactionPlanner {
    private final VersionedLake lake;
    private final String repository;
    private final String main;
    private final String topicsDir;

    public CompactionPlanner(VersionedLake lake, String repository, String main, String topicsDir) {
        this.lake = lake;
        this.repository = repository;
        this.main = main;
        this.topicsDir = topicsDir;
    }

    public CompactionPlan plan(CompactionPolicy policy) {
        Commit head = lake.getCommit(repository, main);
        String prefix = topicsDir.endsWith("/") ? topicsDir : topicsDir + "/";
        Map<String, List<ObjectStats>> smallByDirectory = new TreeMap<>();
        for (ObjectStats o : Pages.all(p -> lake.listObjects(repository, head.id(), prefix, p))) {
            if (o.path().endsWith(".parquet") && policy.isSmall(o.sizeBytes()) && !released(o.path())) {
                smallByDirectory.computeIfAbsent(directoryOf(o.path()), d -> new ArrayList<>()).add(o);
            }
        }
        List<CompactionPlan.Group> groups = new ArrayList<>();
        smallByDirectory.forEach((directory, small) -> {
            if (small.size() > policy.minSmallFiles()) {
                groups.addAll(pack(directory, small, policy.targetBytes()));
            }
        });
        return new CompactionPlan(head.id(), groups);
    }

    /** Consecutive files while they fit in one target-size file; groups of one are dropped. */
    private static List<CompactionPlan.Group> pack(String directory, List<ObjectStats> small, long targetBytes) {
        List<CompactionPlan.Group> groups = new ArrayList<>();
        List<ObjectStats> current = new ArrayList<>();
        long bytes = 0;
        for (ObjectStats o : small) {
            if (!current.isEmpty() && bytes + o.sizeBytes() > targetBytes) {
                addIfWorthIt(groups, directory, current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(o);
            bytes += o.sizeBytes();
        }
        addIfWorthIt(groups, directory, current);
        return groups;
    }

    private static void addIfWorthIt(List<CompactionPlan.Group> groups, String directory, List<ObjectStats> files) {
        if (files.size() > 1) {
            groups.add(new CompactionPlan.Group(directory, files));
        }
    }

    /**
     * Rows an operator released from quarantine are on main only (publish.PublishMetadata#releasedPath names them),
     * and a compaction commits on ingest files that are on both branches: they are left as they are.
     */
    static boolean released(String path) {
        return path.contains(".released-");
    }

    static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
