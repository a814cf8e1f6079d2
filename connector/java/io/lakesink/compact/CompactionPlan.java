package io.lakesink.compact;

import io.lakesink.lake.ObjectStats;

import java.util.List;

/**
 * What a compaction would rewrite, as seen on main at commit {@code mainCommit}: groups of small files of one
 * partition directory, each to become one file.
 */
public record CompactionPlan(String mainCommit, List<Group> groups) {

    /** Small files of one directory, in path order (so each Kafka partition's rows stay in offset order). */
    public record Group(String directory, List<ObjectStats> inputs) {
        public Group {
            inputs = List.copyOf(inputs);
        }

        public long bytes() {
            return inputs.stream().mapToLong(ObjectStats::sizeBytes).sum();
        }
    }

    public CompactionPlan {
        groups = List.copyOf(groups);
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    public int inputFiles() {
        return groups.stream().mapToInt(g -> g.inputs().size()).sum();
    }

    public long inputBytes() {
        return groups.stream().mapToLong(Group::bytes).sum();
    }
}
