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
    private final int maxFailedCycles;
    private int failedCycles;

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
     * @param maxFailedCycles   after this many cycles in a row failed to commit, the coordinator stops: its task
     *                          fails with the last cycle's reason instead of retrying unseen for ever
     */
    public Coordinator(String connector, int taskCount, long intervalMs, long timeoutMs, IngestCommitter committer,
                       UnlinkedFileCollector collector, ControlEvents channel, Runnable afterCommit,
                       long publishIntervalMs, CommitCycleListener metrics, int maxFailedCycles, long now) {
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
        this.maxFailedCycles = maxFailedCycles;
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
        CommitStoppedException stop = null;
        try {
            IngestCommitter.Result result = committer.commit(cycle, java.util.List.copyOf(answers.values()));
            commitId = result.commit() == null ? null : result.commit().id();
            offsets = result.offsets().toJson();
            if (commitId != null) {
                metrics.ingestCommitted(commitId, result.offsets(), result.files(), result.records());
            }
            summary.put("files", Long.toString(result.files()));
            summary.put("records", Long.toString(result.records()));
            failedCycles = 0;
        } catch (LakeIntegrityException e) {
            throw e; // the next cycle would meet the same damage: the task fails with the reason instead
        } catch (LakeException e) {
            // Nothing was committed: tasks go back to their last confirmed offsets and send the data again.
            failedCycles++;
            log.warn("Commit cycle {} could not commit to the lake ({}); {} cycle(s) in a row failed, at most {};"
                    + " retrying in the next cycle in {} ms", cycle, e.getMessage(), failedCycles, maxFailedCycles,
                    intervalMs);
            summary.put("error", e.getMessage());
            metrics.commitCycleFailed();
            if (failedCycles >= maxFailedCycles) {
                stop = new CommitStoppedException(failedCycles + " commit cycles in a row of connector '" + connector
                        + "' failed to commit to the lake (commit.max.failed.cycles=" + maxFailedCycles + "); the"
                        + " last: " + e.getMessage(), e);
            }
        } catch (CommitStoppedException e) {
            summary.put("error", e.getMessage());
            metrics.commitCycleFailed();
            stop = e;
        }
        ControlTopicUnavailableException newsLost = null;
        try {
            channel.send(CommitComplete.of(connector, cycle, commitId, offsets, summary));
        } catch (ControlTopicUnavailableException e) {
            newsLost = e;
        }
        if (stop != null) {
            // nothing more is committed or published by this task; Connect shows the reason in the task's status
            log.error("The commit coordinator of connector {} stops: {}", connector, stop.getMessage());
            throw stop;
        }
        // the commit is in the lake whether or not Kafka took the news: publish it and keep the books
        metrics.cycleFinished(System.currentTimeMillis() - cycleStartedAt);
        if (commitId != null && publishIntervalMs == 0) {
            afterCommit.run();
        }
        collectNow();
        if (newsLost != null) {
            throw newsLost;
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
