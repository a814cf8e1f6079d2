package io.lakesink.publish;

import io.lakesink.compact.FileMaintenance;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeIntegrityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the {@link Publisher} on its own thread, off the record path and off the commit cycle, so ingestion goes
 * on while checks run. Triggers that arrive while a run is queued are folded into it.
 */
public final class PublishScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PublishScheduler.class);

    private final Publisher publisher;
    private final FileMaintenance maintenance;
    private final ExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile LakeIntegrityException failure;

    public PublishScheduler(Publisher publisher, String connector) {
        this(publisher, null, connector);
    }

    /** @param maintenance run after each publishing run while publishing is not halted; null for none */
    public PublishScheduler(Publisher publisher, FileMaintenance maintenance, String connector) {
        this.publisher = publisher;
        this.maintenance = maintenance;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lakesink-publisher-" + connector);
            t.setDaemon(true);
            return t;
        });
    }

    /** The damage that stopped publishing for good, or null; the task fails with it (retrying meets it again). */
    public LakeIntegrityException failure() {
        return failure;
    }

    /** Asks for a publishing run soon; returns at once. */
    public void trigger() {
        if (failure == null && queued.compareAndSet(false, true)) {
            executor.execute(() -> {
                queued.set(false);
                try {
                    publisher.publishPending();
                } catch (LakeIntegrityException e) {
                    log.error("Publishing stopped: {}", e.getMessage());
                    failure = e;
                } catch (LakeException e) {
                    log.warn("Publishing paused: {}; it resumes at the next commit", e.getMessage());
                    return;
                } catch (RuntimeException e) {
                    log.error("Publishing failed: {}", e.toString(), e);
                    return;
                }
                maintainFiles();
            });
        }
    }

    /**
     * Compaction (and the publish of its commit) and retention; a failure leaves the lake as it was and publishing
     * unharmed. Not while publishing is halted: a compaction commit must never sit among commits waiting for a fix.
     */
    private void maintainFiles() {
        if (maintenance == null || publisher.halt() != null) {
            return;
        }
        try {
            if (maintenance.runIfDue()) {
                publisher.publishPending();
            }
        } catch (LakeException e) {
            log.warn("Compaction or retention paused: {}; tried again after a later commit", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Compaction or retention failed: {}", e.toString(), e);
        }
    }

    public Publisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
