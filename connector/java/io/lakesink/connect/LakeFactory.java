package io.lakesink.connect;

import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.VersionedLake;
import io.lakesink.connect.config.LakeKeys;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.lake.embedded.EmbeddedLakeOptions;
import io.lakesink.lake.lakefs.LakeFsLake;
import org.apache.kafka.connect.errors.ConnectException;

/** Opens the configured lake, and makes sure the repository and both branches exist. */
final class LakeFactory {
    private LakeFactory() {
    }

    /** {@code lake} with the repository and both branches made where missing; closed if that fails. */
    static VersionedLake withLayout(LakeSinkConfig config, VersionedLake lake) {
        try {
            ensureLayout(lake, config);
            return lake;
        } catch (RuntimeException e) {
            lake.close();
            throw e;
        }
    }

    /** The lake the config names, with nothing created yet. */
    static VersionedLake openBackend(LakeSinkConfig config) {
        if (LakeKeys.LAKEFS.equals(config.backend())) {
            return LakeFsLake.open(config.lakeFsSettings());
        }
        return EmbeddedLake.open(config.embeddedPath());
    }

    /**
     * Likewise, for a look that must leave no trace: a missing embedded lake is reported as not found
     * ({@link io.lakesink.lake.LakeNotFoundException}) instead of being created.
     */
    static VersionedLake openExisting(LakeSinkConfig config) {
        if (LakeKeys.LAKEFS.equals(config.backend())) {
            return LakeFsLake.open(config.lakeFsSettings());
        }
        return EmbeddedLake.open(config.embeddedPath(), EmbeddedLakeOptions.defaults().withCreateIfMissing(false));
    }

    private static void ensureLayout(VersionedLake lake, LakeSinkConfig config) {
        String repo = config.repository();
        try {
            lake.getRepository(repo);
        } catch (LakeNotFoundException missing) {
            if (!config.createRepository()) {
                throw new ConnectException("repository '" + repo + "' does not exist in " + lake
                        + " and lake.repository.create is false: create it first");
            }
            try {
                lake.createRepository(repo, config.mainBranch());
            } catch (LakeConflictException createdMeanwhile) {
                // another task created it at the same moment
            }
        }
        try {
            lake.getBranch(repo, config.ingestBranch());
        } catch (LakeNotFoundException missing) {
            try {
                lake.createBranch(repo, config.ingestBranch(), config.mainBranch());
            } catch (LakeConflictException createdMeanwhile) {
                // likewise
            }
        }
    }
}
