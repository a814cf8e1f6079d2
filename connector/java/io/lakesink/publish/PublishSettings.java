package io.lakesink.publish;

import java.nio.file.Path;
import java.util.List;

/**
 * Where and how a {@link Publisher} publishes: the repository and branches, the topics directory (to group new
 * files by topic), the failure policy, topics that must reach main together, and a scratch directory for files
 * the checks need locally.
 */
public record PublishSettings(String repository, String ingestBranch, String mainBranch, String topicsDir,
                              String connector, FailurePolicy policy, List<String> requiredTopics, Path scratch) {
    public PublishSettings {
        requiredTopics = List.copyOf(requiredTopics);
    }
}
