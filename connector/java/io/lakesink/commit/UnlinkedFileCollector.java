package io.lakesink.commit;

import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeIntegrityException;
import io.lakesink.lake.VersionedLake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Removes uploaded files that no commit linked (cycles that failed or left a batch out) after a grace period. */
public final class UnlinkedFileCollector {
    private static final Logger log = LoggerFactory.getLogger(UnlinkedFileCollector.class);

    private final VersionedLake lake;
    private final String repository;
    private final Duration gracePeriod;

    public UnlinkedFileCollector(VersionedLake lake, String repository, Duration gracePeriod) {
        this.lake = lake;
        this.repository = repository;
        this.gracePeriod = gracePeriod;
    }

    public void collect() {
        try {
            long removed = lake.collectUnlinkedPhysicalAddresses(repository, gracePeriod);
            if (removed > 0) {
                log.info("Removed {} uploaded file(s) of repository {} that no commit linked within {}", removed,
                        repository, gracePeriod);
            }
        } catch (LakeIntegrityException e) {
            throw e;
        } catch (LakeException e) {
            log.warn("Could not collect unlinked files of repository {}: {}", repository, e.getMessage());
        }
    }
}
