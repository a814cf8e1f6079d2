package io.lakesink.metrics;

import io.lakesink.check.CheckResult;
import io.lakesink.commit.CommitCycleListener;
import io.lakesink.offsets.OffsetMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A task's JMX metrics: commits, merges, checks, and how far main is behind ingest. Thread-safe. */
public final class LakeSinkMetrics implements LakeSinkMetricsMBean, CommitCycleListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LakeSinkMetrics.class);

    private final ObjectName name;
    private volatile boolean coordinator;
    private final AtomicLong ingestCommits = new AtomicLong();
    private final AtomicLong recordsCommitted = new AtomicLong();
    private final AtomicLong filesCommitted = new AtomicLong();
    private final AtomicLong failedCycles = new AtomicLong();
    private volatile long lastCycleMillis;
    private final AtomicLong maxCycleMillis = new AtomicLong();
    private volatile String lastIngestCommit = "";
    private volatile OffsetMap lastIngestOffsets = OffsetMap.EMPTY;
    private final AtomicLong merges = new AtomicLong();
    private volatile String lastMergedCommit = "";
    private volatile OffsetMap lastMergedOffsets = OffsetMap.EMPTY;
    private final AtomicLong checksPassed = new AtomicLong();
    private final AtomicLong checksFailed = new AtomicLong();
    private final AtomicLong checksNotRun = new AtomicLong();
    private volatile String lastFailedCheck = "";
    private volatile String haltedAt = "";
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong quarantinedRows = new AtomicLong();

    private LakeSinkMetrics(ObjectName name) {
        this.name = name;
    }

    /** Metrics registered with the platform MBean server (replacing a stale registration of the same task). */
    public static LakeSinkMetrics register(String connector, int taskId) {
        try {
            ObjectName name = new ObjectName("io.lakesink:type=LakeSink,connector=" + ObjectName.quote(connector)
                    + ",task=" + taskId);
            LakeSinkMetrics metrics = new LakeSinkMetrics(name);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(metrics, name);
            return metrics;
        } catch (Exception e) {
            log.warn("JMX metrics of connector {} task {} are not available: {}", connector, taskId, e.toString());
            return new LakeSinkMetrics(null);
        }
    }

    /** Metrics that are not registered anywhere (tests, tools). */
    public static LakeSinkMetrics unregistered() {
        return new LakeSinkMetrics(null);
    }

    @Override
    public void coordinator(boolean isCoordinator) {
        coordinator = isCoordinator;
    }

    @Override
    public void ingestCommitted(String commitId, OffsetMap offsets, long files, long records) {
        ingestCommits.incrementAndGet();
        filesCommitted.addAndGet(files);
        recordsCommitted.addAndGet(records);
        lastIngestCommit = commitId;
        lastIngestOffsets = offsets;
    }

    @Override
    public void cycleFinished(long millis) {
        lastCycleMillis = millis;
        maxCycleMillis.accumulateAndGet(millis, Math::max);
    }

    @Override
    public void commitCycleFailed() {
        failedCycles.incrementAndGet();
    }

    public void merged(String sourceCommit, OffsetMap offsets) {
        merges.incrementAndGet();
        lastMergedCommit = sourceCommit;
        lastMergedOffsets = offsets;
    }

    public void checked(List<CheckResult> results) {
        for (CheckResult r : results) {
            switch (r.outcome()) {
                case PASSED -> checksPassed.incrementAndGet();
                case FAILED -> {
                    checksFailed.incrementAndGet();
                    lastFailedCheck = r.check() + ": " + r.message();
                }
                case COULD_NOT_RUN -> {
                    checksNotRun.incrementAndGet();
                    lastFailedCheck = r.check() + ": " + r.message();
                }
            }
        }
    }

    public void halted(String commitId) {
        haltedAt = commitId == null ? "" : commitId;
    }

    /** A quarantine set {@code rows} aside: a few rows of a commit, or a whole commit. */
    public void quarantined(long rows) {
        quarantined.incrementAndGet();
        quarantinedRows.addAndGet(rows);
    }

    @Override
    public long getQuarantinedRows() {
        return quarantinedRows.get();
    }

    @Override
    public boolean isCoordinator() {
        return coordinator;
    }

    @Override
    public long getIngestCommits() {
        return ingestCommits.get();
    }

    @Override
    public long getRecordsCommitted() {
        return recordsCommitted.get();
    }

    @Override
    public long getFilesCommitted() {
        return filesCommitted.get();
    }

    @Override
    public long getFailedCommitCycles() {
        return failedCycles.get();
    }

    @Override
    public long getLastCommitCycleMillis() {
        return lastCycleMillis;
    }

    @Override
    public long getMaxCommitCycleMillis() {
        return maxCycleMillis.get();
    }

    @Override
    public String getLastIngestCommit() {
        return lastIngestCommit;
    }

    @Override
    public String getLastIngestOffsets() {
        return lastIngestOffsets.toJson();
    }

    @Override
    public long getMerges() {
        return merges.get();
    }

    @Override
    public String getLastMergedCommit() {
        return lastMergedCommit;
    }

    @Override
    public String getLastMergedOffsets() {
        return lastMergedOffsets.toJson();
    }

    @Override
    public long getRecordsBehindMain() {
        long behind = 0;
        Map<TopicPartition, Long> merged = lastMergedOffsets.asMap();
        for (Map.Entry<TopicPartition, Long> e : lastIngestOffsets.asMap().entrySet()) {
            behind += Math.max(0, e.getValue() - merged.getOrDefault(e.getKey(), 0L));
        }
        return behind;
    }

    @Override
    public long getChecksPassed() {
        return checksPassed.get();
    }

    @Override
    public long getChecksFailed() {
        return checksFailed.get();
    }

    @Override
    public long getChecksNotRun() {
        return checksNotRun.get();
    }

    @Override
    public String getLastFailedCheck() {
        return lastFailedCheck;
    }

    @Override
    public boolean isPublishingHalted() {
        return !haltedAt.isEmpty();
    }

    @Override
    public String getHaltedAtCommit() {
        return haltedAt;
    }

    @Override
    public long getQuarantinedCommits() {
        return quarantined.get();
    }

    @Override
    public void close() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (Exception ignored) {
            // already gone
        }
    }
}
