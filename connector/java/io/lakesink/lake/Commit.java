package io.lakesink.lake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable commit. {@code parents} is empty for the first commit of a repository and has two entries
 * for a merge (destination first, as in lakeFS). {@code metadata} carries LakeSink's contract with its
 * readers ({@code kafka.offsets}, {@code lakesink.commit}, ...).
 */
public record Commit(String id, List<String> parents, String message, String committer,
                     Map<String, String> metadata, Instant creationDate, String metaRangeId, long generation) {
    public Commit {
        parents = List.copyOf(parents);
        metadata = Map.copyOf(metadata);
    }

    public boolean isMerge() {
        return parents.size() > 1;
    }
}
