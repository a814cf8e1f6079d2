package io.lakesink.commit;

import io.lakesink.commit.event.CommitComplete;
import io.lakesink.commit.event.DataFile;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.PartitionBatch;
import io.lakesink.commit.event.StartCommit;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeIntegrityException;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.write.ClosedFile;
import io.lakesink.write.TaskWriters;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A task's side of the commit protocol. It answers a cycle by closing and uploading its files and saying which
 * offsets they cover, counting from where it believes the lake stands. When a cycle ends without its batch of a
 * partition (timed out, refused, or the lake failed), it drops what it holds for that partition and asks Connect to
 * read it again from the committed offset, discarding records already fetched from before that seek.
 *
 * <p>The task thread and the control thread share this object under {@link #lock()}.
 */
public final class CommitParticipant {
    private static final Logger log = LoggerFactory.getLogger(CommitParticipant.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final String connector;
    private final int taskId;
    private final TaskWriters writers;
    private final FileUploader uploader;
    private final ControlEvents channel;

    /** Where this task believes the lake stands per partition, counting its batches in flight. */
    private final Map<TopicPartition, Long> expected = new HashMap<>();
    /** What the lake is known to hold per partition (from the head at assignment, then from each cycle's end). */
    private final Map<TopicPartition, Long> confirmed = new HashMap<>();
    /** First offset seen of a partition the lake had nothing for: where to read again from if needed. */
    private final Map<TopicPartition, Long> firstSeen = new HashMap<>();
    private final Map<TopicPartition, Long> pendingRewinds = new HashMap<>();
    private final Set<TopicPartition> discarding = new HashSet<>();
    private final Set<TopicPartition> rewoundThisBatch = new HashSet<>();

    public CommitParticipant(String connector, int taskId, TaskWriters writers, FileUploader uploader,
                             ControlEvents channel) {
        this.connector = connector;
        this.taskId = taskId;
        this.writers = writers;
        this.uploader = uploader;
        this.channel = channel;
    }

    public ReentrantLock lock() {
        return lock;
    }

    /** A partition assigned to the task; {@code committed} is the lake's next offset for it, or null if none. */
    public void assign(TopicPartition tp, Long committed) {
        expected.put(tp, committed == null ? PartitionBatch.UNKNOWN_START : committed);
        if (committed != null) {
            confirmed.put(tp, committed);
        }
    }

    public void revoke(TopicPartition tp) {
        writers.drop(tp);
        expected.remove(tp);
        confirmed.remove(tp);
        firstSeen.remove(tp);
        pendingRewinds.remove(tp);
        discarding.remove(tp);
    }

    // --- task thread ----------------------------------------------------------------------------

    /** Applies rewinds decided since the last batch; records of those partitions in this batch are dropped. */
    public void beforeBatch(SinkTaskContext context) {
        rewoundThisBatch.clear();
        pendingRewinds.forEach((tp, offset) -> {
            context.offset(tp, offset);
            rewoundThisBatch.add(tp);
            log.info("Task {} reads {} again from offset {}", taskId, tp, offset);
        });
        pendingRewinds.clear();
    }

    /** False for records fetched before a pending seek: they will be delivered again from the committed offset. */
    public boolean accepts(TopicPartition tp, long offset) {
        if (discarding.contains(tp)) {
            return false;
        }
        if (expected.getOrDefault(tp, PartitionBatch.UNKNOWN_START) == PartitionBatch.UNKNOWN_START
                && !firstSeen.containsKey(tp)) {
            firstSeen.put(tp, offset); // checked first: boxing every record's offset only to drop it is garbage
        }
        return true;
    }

    public void afterBatch() {
        discarding.removeAll(rewoundThisBatch);
        rewoundThisBatch.clear();
    }

    /** What Connect may record as the consumer group's offsets: only what the lake holds (advisory). */
    public Map<TopicPartition, Long> confirmedOffsets() {
        return Map.copyOf(confirmed);
    }

    // --- control thread -------------------------------------------------------------------------

    public void onStartCommit(StartCommit start) {
        lock.lock();
        try {
            TaskWriters.Flush flush = writers.closeAll();
            List<DataFile> files = new ArrayList<>();
            try {
                for (ClosedFile f : flush.files()) {
                    files.add(uploader.upload(f));
                }
            } catch (LakeIntegrityException e) {
                throw e; // reading the data again cannot help: the task fails with the reason
            } catch (LakeException e) {
                log.warn("Task {} could not upload its files for cycle {} ({}); reading them again later", taskId,
                        start.cycleId(), e.getMessage());
                flush.progress().keySet().forEach(this::rewindToConfirmed);
                channel.send(DataWritten.of(connector, start.cycleId(), taskId, List.of(), List.of()));
                return;
            }
            List<PartitionBatch> batches = new ArrayList<>();
            flush.progress().forEach((tp, p) -> {
                long from = expected.getOrDefault(tp, PartitionBatch.UNKNOWN_START);
                batches.add(new PartitionBatch(tp.topic(), tp.partition(), from, p.lastOffset() + 1, p.records()));
                expected.put(tp, p.lastOffset() + 1);
            });
            channel.send(DataWritten.of(connector, start.cycleId(), taskId, batches, files));
        } finally {
            lock.unlock();
        }
    }

    public void onCommitComplete(CommitComplete complete) {
        lock.lock();
        try {
            if (complete.offsetsJson() == null) {
                new ArrayList<>(expected.keySet()).forEach(this::rewindToConfirmed);
                return;
            }
            OffsetMap offsets = OffsetMap.parse(complete.offsetsJson());
            for (TopicPartition tp : new ArrayList<>(expected.keySet())) {
                Long committed = offsets.get(tp).orElse(null);
                if (committed != null) {
                    confirmed.put(tp, committed);
                }
                long believed = expected.get(tp);
                if (committed == null ? believed != PartitionBatch.UNKNOWN_START : believed != committed) {
                    rewindToConfirmed(tp);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void rewindToConfirmed(TopicPartition tp) {
        Long target = confirmed.containsKey(tp) ? confirmed.get(tp) : firstSeen.get(tp);
        writers.drop(tp);
        expected.put(tp, confirmed.containsKey(tp) ? confirmed.get(tp) : PartitionBatch.UNKNOWN_START);
        firstSeen.remove(tp);
        if (target != null) {
            pendingRewinds.put(tp, target);
            discarding.add(tp);
        }
    }
}
