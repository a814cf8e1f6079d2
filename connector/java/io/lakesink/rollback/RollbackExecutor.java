package io.lakesink.rollback;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.MergeStrategy;
import io.lakesink.lake.RevertRequest;
import io.lakesink.lake.VersionedLake;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Carries out a rollback: takes the rollback lease (one rollback at a time), stops the connector, records the
 * rollback in the lake, moves main (one atomic step for its readers) and ingest, each only from the head the plan
 * was made from, sets the connector's consumer offsets to where ingestion resumes, records the
 * completion and resumes the connector. Every step first looks whether it is already done, so a rollback cut off
 * half-way is finished by running it again ({@link #finish}).
 */
public final class RollbackExecutor {
    private static final Logger log = LoggerFactory.getLogger(RollbackExecutor.class);

    private final SinkBranches b;
    private final VersionedLake lake;
    private final RollbackLog record;
    private final RollbackLease lease;
    private final ConnectRest connect;
    private final String connector;
    private final Duration stopTimeout;
    private final Consumer<String> progress;

    public RollbackExecutor(SinkBranches branches, ConnectRest connect, String connector, Duration stopTimeout,
                            Consumer<String> progress) {
        this.b = branches;
        this.lake = branches.lake();
        this.record = new RollbackLog(branches);
        this.lease = new RollbackLease(branches);
        this.connect = connect;
        this.connector = connector;
        this.stopTimeout = stopTimeout;
        this.progress = progress;
    }

    /**
     * Takes the rollback lease (refused, changing nothing, while another rollback holds it), stops the connector, plans
     * again (the connector may have committed or published since the dry run was shown, and the plan must cover that
     * too) and performs the plan; returns the rollback's id and plan.
     */
    public Executed execute(java.util.function.Supplier<RollbackPlan> planner, String who, String reason) {
        String id = UUID.randomUUID().toString().substring(0, 13).replace("-", "");
        lease.take(id, who);
        progress.accept("took the rollback lease (branch " + RollbackLease.BRANCH + ") for rollback " + id);
        try {
            stopConnector();
        } catch (RuntimeException e) {
            lease.release(id);
            throw e;
        }
        RollbackPlan plan;
        try {
            plan = planner.get();
            // the plan was made from the heads read just now; anyone moving them before the start is recorded loses
            // nothing to this rollback: it stops here
            Heads now = heads();
            if (!now.main().equals(plan.mainFrom().id()) || !now.ingest().equals(plan.ingestFrom().id())) {
                throw moved(id, plan.mainFrom().id(), plan.ingestFrom().id(), now);
            }
        } catch (RuntimeException e) {
            lease.release(id);
            resumeAfterNothingChanged();
            throw e;
        }
        return new Executed(performStopped(id, plan, who, reason), plan);
    }

    /** A rollback carried out: its id and the plan it followed. */
    public record Executed(String id, RollbackPlan plan) {
    }

    private String performStopped(String id, RollbackPlan plan, String who, String reason) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(RollbackLog.KIND, RollbackLog.STARTED);
        facts.put(CommitMetadata.ROLLBACK_ID, id);
        facts.put(CommitMetadata.CONNECTOR, connector);
        facts.put(RollbackLog.WHO, who);
        facts.put(RollbackLog.REASON, reason);
        facts.put(RollbackLog.MODE, plan.mode().name().toLowerCase());
        facts.put(RollbackLog.MAIN_FROM, plan.mainFrom().id());
        facts.put(RollbackLog.MAIN_TO, plan.mainTo().id());
        facts.put(RollbackLog.INGEST_FROM, plan.ingestFrom().id());
        facts.put(RollbackLog.INGEST_TO, plan.ingestTo().id());
        facts.put(RollbackLog.RESUME_OFFSETS, plan.resumeOffsets().toJson());
        facts.put(RollbackLog.SKIP, plan.skipTo().map(PartitionOffset::toString).orElse(null));
        facts.put(RollbackLog.UNDONE, plan.undoneOnMain().stream().map(Commit::id).collect(Collectors.joining(",")));
        try {
            record.append("Rollback " + id + " of " + b.main() + " from " + shortId(plan.mainFrom().id()) + " to "
                    + shortId(plan.mainTo().id()) + " by " + who + ": " + reason, facts);
        } catch (RuntimeException e) {
            // not started: nothing to finish later, so the lease must not outlive this attempt
            lease.release(id);
            throw e;
        }
        progress.accept("recorded rollback " + id + " on branch " + RollbackLog.BRANCH);
        apply(record.latest());
        return id;
    }

    /**
     * Finishes a rollback that started and was cut off; safe to call again and again. Refused while another rollback
     * holds the lease.
     */
    public void finish(RollbackLog.Entry started, String who) {
        lease.take(started.rollbackId(), who);
        stopConnector();
        apply(started);
    }

    private void apply(RollbackLog.Entry r) {
        String id = r.rollbackId();
        requireHeadsAsPlanned(r);
        Commit mainTo = lake.getCommit(b.repository(), r.get(RollbackLog.MAIN_TO));
        if ("revert".equals(r.get(RollbackLog.MODE))) {
            revertMain(id, mainTo, undone(r));
        } else {
            resetBranch(b.main(), mainTo.id(), r.get(RollbackLog.MAIN_FROM));
        }
        OffsetMap resume = OffsetMap.parse(r.get(RollbackLog.RESUME_OFFSETS));
        moveIngest(id, r.get(RollbackLog.INGEST_FROM), r.get(RollbackLog.INGEST_TO), resume, r.get(RollbackLog.SKIP));
        alterConsumerOffsets(resume, r);
        record.append("Rollback " + id + " completed", Map.of(RollbackLog.KIND, RollbackLog.COMPLETED,
                CommitMetadata.ROLLBACK_ID, id));
        lease.release(id);
        progress.accept("resuming connector " + connector + "; its tasks seek to " + resume);
        connect.resume(connector);
        log.info("Rollback {} done: {} at {}, {} resumes from {}", id, b.main(), mainTo.id(), b.ingest(), resume);
    }

    private record Heads(String main, String ingest) {
    }

    private Heads heads() {
        return new Heads(lake.getBranch(b.repository(), b.main()).commitId(),
                lake.getBranch(b.repository(), b.ingest()).commitId());
    }

    /**
     * Both branches are checked before either moves: each must stand where the plan saw it, or where this rollback
     * (cut off half-way) already put it. Otherwise someone else moved it, and applying the plan would throw that
     * away: the rollback is recorded as abandoned, its lease given up, and nothing is changed.
     */
    private void requireHeadsAsPlanned(RollbackLog.Entry r) {
        String id = r.rollbackId();
        Heads now = heads();
        boolean mainOk = now.main().equals(r.get(RollbackLog.MAIN_FROM))
                || now.main().equals(r.get(RollbackLog.MAIN_TO)) || madeBy(id, now.main());
        boolean ingestOk = now.ingest().equals(r.get(RollbackLog.INGEST_FROM))
                || now.ingest().equals(r.get(RollbackLog.INGEST_TO)) || madeBy(id, now.ingest());
        if (mainOk && ingestOk) {
            return;
        }
        RollbackException stop = moved(id, r.get(RollbackLog.MAIN_FROM), r.get(RollbackLog.INGEST_FROM), now);
        record.append("Rollback " + id + " abandoned: the branches moved", Map.of(RollbackLog.KIND,
                RollbackLog.ABANDONED, CommitMetadata.ROLLBACK_ID, id, RollbackLog.REASON, stop.getMessage()));
        lease.release(id);
        throw stop;
    }

    private boolean madeBy(String rollbackId, String commitId) {
        return rollbackId.equals(lake.getCommit(b.repository(), commitId).metadata().get(CommitMetadata.ROLLBACK_ID));
    }

    private RollbackException moved(String id, String mainFrom, String ingestFrom, Heads now) {
        return new RollbackException("rollback " + id + " stopped: it was planned from " + b.main() + " at " + mainFrom
                + " and " + b.ingest() + " at " + ingestFrom + ", but " + b.main() + " is at " + now.main() + " and "
                + b.ingest() + " at " + now.ingest() + ": someone else moved them since. Nothing was changed; look at"
                + " what moved them (lakesink log), then plan the rollback again");
    }

    /** Resumes the connector this rollback stopped, when it failed before changing anything. */
    private void resumeAfterNothingChanged() {
        try {
            connect.resume(connector);
            progress.accept("resumed connector " + connector + ": nothing changed");
        } catch (RuntimeException e) {
            progress.accept("could not resume connector " + connector + " (" + e.getMessage() + "); resume it by hand");
        }
    }

    private List<String> undone(RollbackLog.Entry r) {
        String undone = r.get(RollbackLog.UNDONE);
        return undone == null || undone.isEmpty() ? List.of() : Arrays.asList(undone.split(","));
    }

    private void stopConnector() {
        String before = connect.state(connector);
        progress.accept("stopping connector " + connector + " (it is " + before + ")");
        connect.stop(connector);
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        while (true) {
            var status = connect.status(connector);
            boolean stopped = "STOPPED".equals(status.path("connector").path("state").asText())
                    && status.path("tasks").isEmpty();
            if (stopped) {
                progress.accept("connector " + connector + " stopped");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new RollbackException("connector " + connector + " did not stop within " + stopTimeout
                        + " (state " + status.path("connector").path("state").asText() + ", " + status.path("tasks")
                        .size() + " task(s) left); the lake was not changed. Look at the worker logs, then run the"
                        + " rollback again");
            }
            sleep(250);
        }
    }

    /** Moves {@code branch} to {@code to}, only from {@code from} (compare-and-set); nothing when it is there. */
    private void resetBranch(String branch, String to, String from) {
        Commit head = lake.getCommit(b.repository(), branch);
        lake.resetUncommitted(b.repository(), branch);
        if (!head.id().equals(to)) {
            lake.hardReset(b.repository(), branch, to, from);
            progress.accept("reset " + branch + " from " + shortId(head.id()) + " to " + shortId(to));
        }
    }

    /**
     * Reverts the undone commits one by one on a side branch, then merges it into main in one step: main's readers
     * see the old head, then the target's content, never a state in between.
     */
    private void revertMain(String id, Commit mainTo, List<String> undone) {
        Commit head = lake.getCommit(b.repository(), b.main());
        if (id.equals(head.metadata().get(CommitMetadata.ROLLBACK_ID))) {
            return;
        }
        String side = "rollback-" + id;
        try {
            lake.deleteBranch(b.repository(), side);
        } catch (LakeNotFoundException absent) {
            // the usual case: no earlier attempt
        }
        lake.createBranch(b.repository(), side, head.id());
        Map<String, String> marker = Map.of(CommitMetadata.ROLLBACK_ID, id);
        for (String c : undone) {
            Commit bad = lake.getCommit(b.repository(), c);
            lake.revert(b.repository(), side, new RevertRequest(c, bad.isMerge() ? 1 : 0, "Revert " + c
                    + " (rollback " + id + ")", marker, true));
            progress.accept("reverted " + c + " on " + side);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CommitMetadata.KAFKA_OFFSETS, CommitMetadata.offsetsAt(lake, b.repository(), mainTo.id()).toJson());
        metadata.put(CommitMetadata.ROLLBACK_ID, id);
        metadata.put(RollbackLog.MAIN_TO, mainTo.id());
        Commit merged = lake.merge(b.repository(), side, b.main(), new MergeRequest("Rollback " + id + ": revert "
                + undone.size() + " commit(s), back to " + mainTo.id(), metadata, MergeStrategy.SOURCE_WINS, true));
        lake.deleteBranch(b.repository(), side);
        progress.accept("reverted " + b.main() + " to the content of " + mainTo.id() + " as " + merged.id());
    }

    private void moveIngest(String id, String ingestFrom, String ingestTo, OffsetMap resume, String skip) {
        Commit head = lake.getCommit(b.repository(), b.ingest());
        if (id.equals(head.metadata().get(CommitMetadata.ROLLBACK_ID))) {
            return;
        }
        resetBranch(b.ingest(), ingestTo, ingestFrom);
        if (skip != null) {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(CommitMetadata.KAFKA_OFFSETS, resume.toJson());
            metadata.put(CommitMetadata.ROLLBACK_ID, id);
            metadata.put(RollbackLog.SKIP, skip);
            Commit c = lake.commit(b.repository(), b.ingest(), CommitRequest.of("Skip to " + skip + " (rollback "
                    + id + ")", metadata).allowingEmpty().onlyOnTopOf(ingestTo));
            progress.accept("ingestion skips to " + skip + " (commit " + shortId(c.id()) + " on " + b.ingest() + ")");
        }
    }

    /**
     * Tasks seek to the ingest head's offsets anyway; setting the consumer group too keeps Connect's own view
     * (and any partition the lake never recorded) in line. Partitions the lake no longer holds lose their offset.
     */
    private void alterConsumerOffsets(OffsetMap resume, RollbackLog.Entry r) {
        Map<TopicPartition, Long> offsets = new HashMap<>(resume.asMap());
        for (String before : List.of(r.get(RollbackLog.MAIN_FROM), r.get(RollbackLog.INGEST_FROM))) {
            CommitMetadata.offsetsAt(lake, b.repository(), before).asMap().keySet()
                    .forEach(tp -> offsets.putIfAbsent(tp, null));
        }
        connect.alterSinkOffsets(connector, offsets);
        progress.accept("set the consumer offsets of " + connector + " to " + resume);
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(12, id.length()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted while waiting for the connector to stop", e);
        }
    }
}
