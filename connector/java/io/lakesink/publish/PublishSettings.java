package io.lakesink.publish;

import io.lakesink.check.ConnectorTopics;
import io.lakesink.record.ParquetSettings;
import io.lakesink.sql.SqlLimits;

import java.nio.file.Path;
import java.util.List;

/**
 * Where and how a {@link Publisher} publishes: the repository and branches, the topics directory (to group new
 * files by topic), the failure policy, topics that must reach main together, and a scratch directory for files
 * the checks need locally, what the checks' DuckDB sessions may take, and the connector's topics (a check may
 * name any of them).
 *
 * @param watermarkLagMs with required topics: instead of waiting for new files of each, wait until their newest
 *                       event times are at most this far apart; negative: off
 * @param parquet        how a row-level quarantine writes the files it splits (the sink's own settings)
 */
public record PublishSettings(String repository, String ingestBranch, String mainBranch, String topicsDir,
                              String connector, FailurePolicy policy, List<String> requiredTopics, Path scratch,
                              long watermarkLagMs, SqlLimits sqlLimits, ConnectorTopics connectorTopics,
                              ParquetSettings parquet) {
    public PublishSettings {
        requiredTopics = List.copyOf(requiredTopics);
    }

    public PublishSettings(String repository, String ingestBranch, String mainBranch, String topicsDir,
                           String connector, FailurePolicy policy, List<String> requiredTopics, Path scratch) {
        this(repository, ingestBranch, mainBranch, topicsDir, connector, policy, requiredTopics, scratch, -1,
                SqlLimits.DEFAULTS, ConnectorTopics.NONE, ParquetSettings.DEFAULT);
    }
}
