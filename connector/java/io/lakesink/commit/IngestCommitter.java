package io.lakesink.commit;

import io.lakesink.commit.event.DataFile;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.PartitionBatch;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeBranchMovedException;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.VersionedLake;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Turns the answers of one commit cycle into one commit on the ingest branch. A partition's batch is taken only
 * when it starts exactly where the branch head's {@code kafka.offsets} stand (or the head has nothing for that
 * partition), so a stale, repeated or overlapping batch can never be committed twice; its files stay unlinked and
 * are collected later. A cycle whose id is already at the head was committed before (a retry) and is not repeated.
 *
 * <p>One branch has one writer: the committer commits only while its connector owns the branch
 * ({@link IngestBranchOwner}), and only on top of the head it read and built the offsets from (compare-and-set). When
 * someone else committed in between, it stops hard with {@link CommitStoppedException} naming the other writer:
 * committing again from a fresh head would hide a second writer, whose commits would then undo each other's offsets.
 */
public final class IngestCommitter {
    private static final Logger log = LoggerFactory.getLogger(IngestCommitter.class);

    /** The commit made (null when there was nothing to commit) and the head's offsets afterwards. */
    public record Result(Commit commit, OffsetMap offsets, long files, long records) {
    }

    private final VersionedLake lake;
    private final String repository;
    private final String branch;
    private final String connector;
    private final IngestBranchOwner owner;
    private final Lock branchLock;

    /**
     * @param branchLock held while linking and committing, so that nobody else (the publisher's quarantine revert)
     *                   changes the ingest branch in between
     */
    public IngestCommitter(VersionedLake lake, String repository, String branch, String connector,
                           IngestBranchOwner owner, Lock branchLock) {
        this.lake = lake;
        this.repository = repository;
        this.branch = branch;
        this.connector = connector;
        this.owner = owner;
        this.branchLock = branchLock;
    }

    public Result commit(String cycleId, List<DataWritten> answers) {
        branchLock.lock();
        try {
            return commitLocked(cycleId, answers);
        } finally {
            branchLock.unlock();
        }
    }

    private Result commitLocked(String cycleId, List<DataWritten> answers) {
        owner.requireOwnedBy(connector);
        Commit head = lake.getCommit(repository, branch);
        OffsetMap before = CommitMetadata.offsetsAt(lake, repository, head);
        if (cycleId.equals(head.metadata().get(CommitMetadata.COMMIT_ID))) {
            log.info("Commit cycle {} is already committed as {}; not committing it again", cycleId, head.id());
            return new Result(head, before, 0, 0);
        }
        // Only this connector writes to the ingest branch: anything staged is a crashed cycle's leftover.
        lake.resetUncommitted(repository, branch);
        OffsetMap offsets = before;
        List<LinkRequest> links = new ArrayList<>();
        long records = 0;
        long maxTimestamp = DataFile.NO_TIMESTAMP;
        Map<String, Long> eventTimes = new java.util.TreeMap<>(CommitMetadata.eventTimesAt(lake, repository, head));
        List<DataWritten> ordered = new ArrayList<>(answers);
        ordered.sort(Comparator.comparingInt(DataWritten::taskId));
        for (DataWritten answer : ordered) {
            Set<TopicPartition> accepted = new HashSet<>();
            for (PartitionBatch batch : answer.batches()) {
                TopicPartition tp = new TopicPartition(batch.topic(), batch.partition());
                Long current = offsets.get(tp).orElse(null);
                if (current != null && current != batch.startOffset()) {
                    log.warn("Commit cycle {}: task {} sent {} from offset {} but the ingest branch stands at {};"
                            + " leaving it out (the task reads it again)", cycleId, answer.taskId(), tp,
                            batch.startOffset(), current);
                    continue;
                }
                offsets = offsets.with(tp, batch.nextOffset());
                accepted.add(tp);
                records += batch.records();
            }
            for (DataFile f : answer.files()) {
                if (accepted.contains(new TopicPartition(f.topic(), f.partition()))) {
                    links.add(new LinkRequest(f.path(), f.physicalAddress(), f.sizeBytes(), f.checksum(),
                            "application/vnd.apache.parquet", Map.of(), true));
                    maxTimestamp = Math.max(maxTimestamp, f.maxTimestamp());
                    if (f.maxTimestamp() != DataFile.NO_TIMESTAMP) {
                        eventTimes.merge(f.topic(), f.maxTimestamp(), Math::max);
                    }
                }
            }
        }
        if (links.isEmpty() && offsets.equals(before)) {
            return new Result(null, before, 0, 0);
        }
        if (!links.isEmpty()) {
            lake.linkPhysicalAddresses(repository, branch, links);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CommitMetadata.KAFKA_OFFSETS, offsets.toJson());
        metadata.put(CommitMetadata.CONNECTOR, connector);
        metadata.put(CommitMetadata.COMMIT_ID, cycleId);
        metadata.put(CommitMetadata.RECORDS, Long.toString(records));
        metadata.put(CommitMetadata.FILES, Integer.toString(links.size()));
        if (maxTimestamp != DataFile.NO_TIMESTAMP) {
            metadata.put(CommitMetadata.EVENT_TIME_MAX, Instant.ofEpochMilli(maxTimestamp).toString());
        }
        // always written, even empty, so the next commit finds it at the head instead of searching the history
        metadata.put(CommitMetadata.EVENT_TIMES, CommitMetadata.timesJson(eventTimes));
        String message = "LakeSink " + connector + ": " + links.size() + " file(s), " + records + " record(s)";
        Commit commit;
        try {
            commit = lake.commit(repository, branch, new CommitRequest(message, metadata, true).onlyOnTopOf(head.id()));
        } catch (LakeBranchMovedException e) {
            unstage(links);
            throw otherWriter(cycleId, e);
        }
        log.info("Committed {} to {}/{}: {} file(s), {} record(s), offsets {}", commit.id(), repository, branch,
                links.size(), records, offsets.toJson());
        return new Result(commit, offsets, links.size(), records);
    }

    /** Takes this cycle's links back off the branch, so the other writer's next commit does not take them along. */
    private void unstage(List<LinkRequest> links) {
        for (LinkRequest link : links) {
            try {
                lake.resetUncommitted(repository, branch, link.path(), false);
            } catch (LakeException e) {
                log.warn("Could not unstage {} after the refused commit: {}", link.path(), e.getMessage());
            }
        }
    }

    /**
     * lakeFS has no compare-and-set, so this cycle's commit landed on top of the other writer's, with offsets built
     * from the head before it. Unless yet another commit followed, the branch goes back to the other writer's
     * commit (a reset that itself checks the head), so no offsets of theirs are lost and nothing of ours is seen.
     * Returns whether it went back.
     */
    private boolean takeBack(LakeBranchMovedException e) {
        try {
            lake.hardReset(repository, branch, e.actualHead(), e.landedCommit());
            return true;
        } catch (LakeException stillThere) {
            log.error("Could not take commit {} back off {}: {}", e.landedCommit(), branch, stillThere.getMessage());
            return false;
        }
    }

    /**
     * The branch moved between reading and committing. When this connector itself moved it (its publisher
     * quarantining a commit from another task, a coordinator that has not noticed yet that it no longer leads), the
     * cycle fails as any lake failure does and the next one starts from the new head. Anyone else is a second
     * writer: the coordinator stops hard, naming it.
     */
    private RuntimeException otherWriter(String cycleId, LakeBranchMovedException e) {
        boolean takenBack = e.landedCommit() == null || takeBack(e);
        String name = null;
        String writer;
        try {
            Commit theirs = lake.getCommit(repository, e.actualHead());
            name = theirs.metadata().get(CommitMetadata.CONNECTOR);
            writer = name != null ? "connector '" + name + "'" : "'" + theirs.committer() + "' (\""
                    + theirs.message().lines().findFirst().orElse("") + "\")";
        } catch (LakeException unreadable) {
            writer = "an unknown writer";
        }
        if (connector.equals(name) && takenBack) {
            log.warn("Commit cycle {}: ingest branch {} moved to {}, a commit of this connector, between reading and"
                    + " committing; the cycle is not committed and the next one starts from the new head", cycleId,
                    branch, e.actualHead());
            return e;
        }
        String landed = e.landedCommit() == null ? "Nothing was committed."
                : takenBack ? "lakeFS has no compare-and-set, so this cycle's commit " + e.landedCommit() + " landed"
                + " on top of it anyway; the branch was reset back to " + e.actualHead() + " and nothing was published."
                : "lakeFS has no compare-and-set, so this cycle's commit " + e.landedCommit() + " landed on top of it"
                + " anyway and could not be taken back; it is not published. Look at both commits and move the ingest"
                + " branch back (lakesink rollback) before the connector is restarted.";
        return new CommitStoppedException("commit cycle " + cycleId + " of connector '" + connector + "' stopped:"
                + " ingest branch '" + branch + "' moved from " + e.expectedHead() + " to " + e.actualHead() + ", a"
                + " commit by " + writer + ", between reading the branch and committing. One branch has one writer;"
                + " stop the other writer. " + landed, e);
    }
}
