package io.lakesink.connect;

import io.lakesink.commit.IngestBranchOwner;
import io.lakesink.commit.IngestBranchTakenException;
import io.lakesink.connect.config.LakeKeys;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.lakefs.LakeFsLake;
import io.lakesink.lake.VersionedLake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.Optional;

/**
 * The connector's side of "one ingest branch, one writer": the owner record of its configured branch, and the check
 * Connect's {@code validate} makes where the lake can be reached.
 */
final class IngestOwnership {
    private static final Logger log = LoggerFactory.getLogger(IngestOwnership.class);

    private IngestOwnership() {
    }

    static IngestBranchOwner of(VersionedLake lake, LakeSinkConfig config) {
        return new IngestBranchOwner(lake, config.repository(), config.ingestBranch(), config.mainBranch(),
                LakeKeys.INGEST_BRANCH, LakeKeys.INGEST_TAKEOVER_FROM);
    }

    /**
     * Why {@code connector} may not use its ingest branch, if another connector owns it. Empty when it may, when the
     * lake or repository does not exist yet (nothing to own), and when the lake cannot be reached: validation does
     * not fail on a lake that is down; the task's start makes the same check.
     */
    static Optional<String> problem(LakeSinkConfig config, String connector) {
        if (connector == null || connector.isBlank()) {
            return Optional.empty();
        }
        if (LakeKeys.EMBEDDED.equals(config.backend()) && !Files.exists(config.embeddedPath().resolve("lake.db"))) {
            return Optional.empty();
        }
        try (VersionedLake lake = openOnce(config)) {
            lake.getRepository(config.repository());
            of(lake, config).check(connector, config.ingestTakeoverFrom());
            return Optional.empty();
        } catch (IngestBranchTakenException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            log.info("Validation could not read the owner of ingest branch {} ({}); the task checks it at start",
                    config.ingestBranch(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Validation answers a person waiting at the REST API: one attempt at lakeFS, no retries. */
    private static VersionedLake openOnce(LakeSinkConfig config) {
        if (LakeKeys.LAKEFS.equals(config.backend())) {
            return LakeFsLake.open(config.lakeFsSettings().withRetries(1, java.time.Duration.ZERO));
        }
        return LakeFactory.openBackend(config);
    }
}
