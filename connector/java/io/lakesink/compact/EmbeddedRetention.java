package io.lakesink.compact;

import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.lake.embedded.GarbageReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Deletes, about once an hour, the embedded lake's object files that no retained commit refers to, so the small
 * files compaction replaced do not stay for ever. Run on the publisher's thread.
 */
public final class EmbeddedRetention {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRetention.class);
    static final long INTERVAL_MS = 60 * 60 * 1000;

    private final EmbeddedLake lake;
    private final String repository;
    private final Duration retention;
    private final LongSupplier clock;
    private long nextAt;

    public EmbeddedRetention(EmbeddedLake lake, String repository, Duration retention, LongSupplier clock) {
        this.lake = lake;
        this.repository = repository;
        this.retention = retention;
        this.clock = clock;
        this.nextAt = clock.getAsLong() + Math.min(INTERVAL_MS, retention.toMillis());
    }

    public void runIfDue() {
        long now = clock.getAsLong();
        if (now < nextAt) {
            return;
        }
        nextAt = now + INTERVAL_MS;
        GarbageReport report = lake.collectGarbage(repository, retention, false);
        if (!report.unreferenced().isEmpty()) {
            log.info("Deleted {} object file(s), {} bytes, that no branch head and no commit of the last {} refers to",
                    report.unreferenced().size(), report.unreferencedBytes(), retention);
        }
    }
}
