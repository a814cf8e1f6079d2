package io.lakesink.commit;

import io.lakesink.commit.event.CommitComplete;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.StartCommit;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeIntegrityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one commit coordinator of a connector, run by the task that owns the first topic-partition. Every
 * {@code commit.interval.ms} it starts a cycle, gathers the tasks' answers until all have answered or
 * {@code commit.timeout.ms} has passed, commits what arrived, and announces the result. Driven by
 * {@link ControlLoop}'s thread; not thread-safe.
 */
public final class Coordinator {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    private static final int CYCLES_BETWEEN_COLLECTIONS = 10;

    private final String connector;
    private final int taskCount;
    private final long intervalMs;
    private final long timeoutMs;
    private final IngestCommitter committer;
    private final UnlinkedFileCollector collector;
    private final ControlEvents channel;
    private final Runnable afterCommit;
    private final long publishIntervalMs;
    private final CommitCycleListener metrics;

    private String cycleId;
    private long cycleStartedAt;
    private long nextCycleAt;
    private int cyclesSinceCollection;
    private final Map<Integer, DataWritten> answers = new LinkedHashMap<>();

    private long nextPublishAt;

    /**
     * @param afterCommit       asks for publishing (on the publisher's own thread): once when this coordinator starts,
     *                          then after every commit to the ingest branch, or every {@code publishIntervalMs}
     * @param publishIntervalMs 0 to publish after every commit
     */
    public Coordinator(String connector, int taskCount, long intervalMs, long timeoutMs, IngestCommitter committer,
                       UnlinkedFileCollector collector, ControlEvents channel, Runnable afterCommit,
                       long publishIntervalMs, CommitCycleListener metrics, long now) {
        this.connector = connector;
        this.taskCount = taskCount;
        this.intervalMs = intervalMs;
        this.timeoutMs = timeoutMs;
        this.committer = committer;
        this.collector = collector;
        this.channel = channel;
        this.afterCommit = afterCommit;
        this.publishIntervalMs = publishIntervalMs;
        this.nextPublishAt = now + publishIntervalMs;
        this.metrics = metrics;
        this.nextCycleAt = now + intervalMs;
        metrics.coordinator(true);
        log.info("Task became commit coordinator of connector {}: commits every {} ms, waiting at most {} ms for"
                + " {} task(s)", connector, intervalMs, timeoutMs, taskCount);
        afterCommit.run();
    }

    public void onDataWritten(DataWritten answer) {
        if (!answer.cycleId().equals(cycleId)) {
            log.debug("Ignoring the answer of task {} to old commit cycle {}", answer.taskId(), answer.cycleId());
            return;
        }
        answers.put(answer.taskId(), answer);
    }

    public void tick(long now) {
        if (publishIntervalMs > 0 && now >= nextPublishAt) {
            nextPublishAt = now + publishIntervalMs;
            afterCommit.run();
        }
        if (cycleId == null) {
            if (now >= nextCycleAt) {
                start(now);
            }
        } else if (answers.size() >= taskCount || now - cycleStartedAt >= timeoutMs) {
            if (answers.size() < taskCount) {
                log.warn("Commit cycle {} timed out after {} ms with answers from {} of {} tasks; committing what"
                        + " arrived", cycleId, now - cycleStartedAt, answers.size(), taskCount);
            }
            finish(now);
        }
    }

    /** This task no longer leads: a later coordinator (here or elsewhere) takes over. */
    public void resign() {
        metrics.coordinator(false);
    }

    private void start(long now) {
        cycleId = UUID.randomUUID().toString();
        cycleStartedAt = now;
        answers.clear();
        channel.send(StartCommit.of(connector, cycleId));
    }

    private void finish(long now) {
        String cycle = cycleId;
        cycleId = null;
        nextCycleAt = now + intervalMs;
        String commitId = null;
        String offsets = null;
        Map<String, String> summary = new LinkedHashMap<>();
        try {
            IngestCommitter.Result result = committer.commit(cycle, java.util.List.copyOf(answers.values()));
            commitId = result.commit() == null ? null : result.commit().id();
            offsets = result.offsets().toJson();
            if (commitId != null) {
                metrics.ingestCommitted(commitId, result.offsets(), result.files(), result.records());
            }
            summary.put("files", Long.toString(result.files()));
            summary.put("records", Long.toString(result.records()));
        } catch (LakeIntegrityException e) {
            throw e; // the next cycle would meet the same damage: the task fails with the reason instead
        } catch (LakeException e) {
            // Nothing was committed: tasks go back to their last confirmed offsets and send the data again.
            log.warn("Commit cycle {} could not commit to the lake ({}); retrying in the next cycle in {} ms",
                    cycle, e.getMessage(), intervalMs);
            summary.put("error", e.getMessage());
            metrics.commitCycleFailed();
        }
        try {
            channel.send(CommitComplete.of(connector, cycle, commitId, offsets, summary));
        } finally {
            // the commit is in the lake whether or not Kafka took the news: publish it and keep the books
            metrics.cycleFinished(System.currentTimeMillis() - cycleStartedAt);
            if (commitId != null && publishIntervalMs == 0) {
                afterCommit.run();
            }
            collectNow();
        }
    }

    private void collectNow() {
        if (++cyclesSinceCollection < CYCLES_BETWEEN_COLLECTIONS) {
            return;
        }
        cyclesSinceCollection = 0;
        collector.collect();
    }
}
