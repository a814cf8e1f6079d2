package io.lakesink.connect;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.VersionedLake;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Where a connector's tasks would resume, read from the lake without creating anything in it: the
 * {@code kafka.offsets} its tasks seek to when they start.
 */
final class IngestHeadOffsets {
    private IngestHeadOffsets() {
    }

    /**
     * The offsets at the ingest head; empty when there is no lake, repository or ingest branch yet (nothing was
     * committed, so tasks would start from Connect's offsets).
     *
     * @throws ConnectException when the lake cannot be read; the message says so
     */
    static OffsetMap read(LakeSinkConfig config) {
        try (VersionedLake lake = LakeFactory.openExisting(config)) {
            return CommitMetadata.offsetsAt(lake, config.repository(), config.ingestBranch());
        } catch (LakeNotFoundException nothingYet) {
            return OffsetMap.EMPTY;
        } catch (RuntimeException e) {
            throw new ConnectException("cannot read where ingestion stands from " + where(config) + " (" + e.getMessage()
                    + "); offsets can only be checked against the lake, so nothing was changed", e);
        }
    }

    static String where(LakeSinkConfig config) {
        return "ingest branch '" + config.ingestBranch() + "' of repository '" + config.repository() + "'";
    }
}
