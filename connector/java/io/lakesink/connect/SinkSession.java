package io.lakesink.connect;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.commit.CommitParticipant;
import io.lakesink.commit.ControlChannel;
import io.lakesink.commit.ControlLoop;
import io.lakesink.commit.Coordinator;
import io.lakesink.commit.FileUploader;
import io.lakesink.commit.IngestBranchOwner;
import io.lakesink.commit.IngestBranchTakenException;
import io.lakesink.commit.IngestCommitter;
import io.lakesink.commit.KafkaAcls;
import io.lakesink.commit.LeaderElection;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.commit.UnlinkedFileCollector;
import io.lakesink.compact.AutoCompaction;
import io.lakesink.compact.CompactionPlanner;
import io.lakesink.compact.Compactor;
import io.lakesink.compact.EmbeddedRetention;
import io.lakesink.compact.FileMaintenance;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.check.CheckRunner;
import io.lakesink.check.ConnectorTopics;
import io.lakesink.lake.LocalTrees;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.publish.FailurePolicy;
import io.lakesink.publish.PublishScheduler;
import io.lakesink.publish.Publisher;
import io.lakesink.publish.PublishSettings;
import io.lakesink.metrics.LakeSinkMetrics;
import io.lakesink.record.EncoderThread;
import io.lakesink.record.RecordConverter;
import io.lakesink.write.ObjectPaths;
import io.lakesink.write.TaskWriters;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything one running task holds: the lake, its open files, its side of the commit protocol and the control
 * thread. {@link LakeSinkTask} only forwards Connect's calls here.
 */
final class SinkSession implements SinkDriver {
    private static final Logger log = LoggerFactory.getLogger(SinkSession.class);
    /** How long start and open wait for an unavailable lake before the task fails (Connect can restart it). */
    private static final long LAKE_RETRY_MS = 120_000;
    private static final long WRITERS_LOCK_WAIT_MS = 1_000;

    private final LakeSinkConfig config;
    private final SinkTaskContext context;
    private final int taskId;
    private final VersionedLake lake;
    private final Path workDir;
    private final TaskWriters writers;
    private final ControlChannel channel;
    private final CommitParticipant participant;
    private final LeaderElection election;
    private final ControlLoop loop;
    private final ErrantRecordReporter errantReporter;
    private final PublishScheduler publishing;
    private final LakeSinkMetrics metrics;
    private final List<Future<Void>> errantReports = new ArrayList<>();
    private volatile Set<TopicPartition> assignment = Set.of();

    SinkSession(Map<String, String> props, SinkTaskContext context) throws IOException {
        this.config = new LakeSinkConfig(props);
        this.context = context;
        this.taskId = Integer.parseInt(props.getOrDefault(LakeSinkConnector.TASK_ID, "0"));
        int taskCount = Integer.parseInt(props.getOrDefault(LakeSinkConnector.TASK_COUNT, "1"));
        String connector = props.getOrDefault("name", "lakesink");
        this.lake = TaskLake.open(config, props, LAKE_RETRY_MS);
        IngestBranchOwner owner = IngestOwnership.of(lake, config);
        try {
            LakeRetry.call("claim the ingest branch", LAKE_RETRY_MS,
                    () -> owner.claim(connector, config.ingestTakeoverFrom()));
        } catch (RuntimeException e) {
            closeQuietly(lake);
            throw e instanceof IngestBranchTakenException ? new ConnectException(e.getMessage(), e) : e;
        }
        this.workDir = WorkDirectory.create(config.workDir(), connector, taskId);
        this.writers = new TaskWriters(workDir, new RecordConverter(config.rowLayout()), config.partitioner(),
                new ObjectPaths(config.topicsDir()), config.parquetSettings(), config.rotation(),
                config.encoderThread() ? new EncoderThread("lakesink-encoder-" + connector + "-" + taskId) : null);
        Map<String, Object> clientProps = config.controlClientProps();
        this.channel = new ControlChannel(config.controlTopic(), connector,
                "lakesink-" + connector + "-" + taskId, clientProps, config.controlTopicReplicationFactor());
        this.participant = new CommitParticipant(connector, taskId, writers,
                new FileUploader(lake, config.repository(), config.ingestBranch()), channel);
        String groupId = props.getOrDefault("consumer.override.group.id", "connect-" + connector);
        this.election = new LeaderElection(clientProps, groupId, new KafkaAcls(connector, config.controlTopic()));
        ReentrantLock ingestLock = new ReentrantLock();
        IngestCommitter committer = new IngestCommitter(lake, config.repository(), config.ingestBranch(), connector,
                owner, ingestLock);
        UnlinkedFileCollector collector = new UnlinkedFileCollector(lake, config.repository(),
                config.unlinkedFilesGrace());
        this.metrics = LakeSinkMetrics.register(connector, taskId);
        PublishSettings publish = new PublishSettings(config.repository(), config.ingestBranch(), config.mainBranch(),
                config.topicsDir(), connector, FailurePolicy.fromConfig(config.checksOnFailure()),
                config.mergeRequireTopics(), workDir.resolve("checks"), config.mergeRequireWatermarkLagMs(),
                config.sqlLimits(), ConnectorTopics.of(props), config.parquetSettings());
        this.publishing = config.publishEnabled() ? new PublishScheduler(new Publisher(lake, publish,
                new CheckRunner(config.checks()), ingestLock, metrics), fileMaintenance(connector, ingestLock),
                connector) : null;
        Runnable afterCommit = publishing == null ? () -> { } : publishing::trigger;
        this.loop = new ControlLoop("lakesink-control-" + connector + "-" + taskId, channel, participant,
                now -> new Coordinator(connector, taskCount, config.commitIntervalMs(), config.commitTimeoutMs(),
                        committer, collector, channel, afterCommit, config.mergeIntervalMs(), metrics,
                        config.commitMaxFailedCycles(), now),
                () -> election.isLeader(assignment));
        this.errantReporter = errantReporterOf(context);
        loop.start();
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        OffsetMap committed = LakeRetry.call("read the ingest branch's offsets", LAKE_RETRY_MS,
                () -> CommitMetadata.offsetsAt(lake, config.repository(), config.ingestBranch()));
        participant.lock().lock();
        try {
            Map<TopicPartition, Long> seek = new HashMap<>();
            for (TopicPartition tp : partitions) {
                Long next = committed.get(tp).orElse(null);
                participant.assign(tp, next);
                if (next != null) {
                    seek.put(tp, next);
                }
            }
            context.offset(seek);
            log.info("Task {} opened {}; resuming from the ingest branch's offsets {}", taskId, partitions, seek);
        } finally {
            participant.lock().unlock();
        }
        assignment = Set.copyOf(context.assignment());
        loop.assignmentChanged();
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        participant.lock().lock();
        try {
            partitions.forEach(participant::revoke);
        } finally {
            participant.lock().unlock();
        }
        Set<TopicPartition> remaining = new HashSet<>(context.assignment());
        remaining.removeAll(partitions);
        assignment = Set.copyOf(remaining);
        loop.assignmentChanged();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        RuntimeException failure = loop.failure();
        if (failure != null) {
            throw new ConnectException("the commit protocol of task " + taskId + " stopped: " + failure.getMessage(),
                    failure);
        }
        if (publishing != null && publishing.failure() != null) {
            throw new ConnectException("publishing of task " + taskId + " stopped: "
                    + publishing.failure().getMessage(), publishing.failure());
        }
        participant.lock().lock();
        try {
            participant.beforeBatch(context);
            for (SinkRecord record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
                if (participant.accepts(tp, record.kafkaOffset())) {
                    write(record);
                }
            }
            participant.afterBatch();
            awaitErrantReports();
        } finally {
            participant.lock().unlock();
        }
    }

    private void write(SinkRecord record) {
        if (record.value() == null) {
            if (!config.ignoreNullValues()) {
                throw new ConnectException("record " + coordinates(record) + " has a null value (a tombstone) and"
                        + " behavior.on.null.values=fail; set it to ignore to skip tombstones");
            }
            writers.skip(record);
            return;
        }
        try {
            writers.write(record);
        } catch (DataException e) {
            if (errantReporter == null) {
                throw new DataException("cannot write record " + coordinates(record) + ": " + e.getMessage(), e);
            }
            errantReports.add(errantReporter.report(record, e));
            writers.skip(record);
        }
    }

    /** A reported record's offset counts as handled only once the dead letter queue has it. */
    private void awaitErrantReports() {
        for (Future<Void> f : errantReports) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("interrupted while reporting errant records", e);
            } catch (ExecutionException e) {
                throw new ConnectException("could not report an errant record: " + e.getCause(), e.getCause());
            }
        }
        errantReports.clear();
    }

    private FileMaintenance fileMaintenance(String connector, ReentrantLock ingestLock) {
        AutoCompaction compaction = null;
        if (config.compactionEnabled()) {
            Compactor compactor = new Compactor(lake, config.repository(), config.ingestBranch(),
                    config.mainBranch(), connector, config.parquetSettings(), workDir.resolve("compaction"),
                    ingestLock);
            compaction = new AutoCompaction(new CompactionPlanner(lake, config.repository(), config.mainBranch(),
                    config.topicsDir()), compactor, config.compactionPolicy(), config.compactionIntervalMs(),
                    config.unlinkedFilesGrace().toMillis() / 2, System::currentTimeMillis);
        }
        EmbeddedRetention retention = lake instanceof EmbeddedLake embedded && config.embeddedRetention().isPresent()
                ? new EmbeddedRetention(embedded, config.repository(), config.embeddedRetention().get(),
                        System::currentTimeMillis)
                : null;
        return new FileMaintenance(compaction, retention);
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets() {
        return participant.confirmedOffsets();
    }

    @Override
    public void close() {
        loop.stop();
        if (publishing != null) {
            publishing.close();
        }
        closeWriters();
        closeQuietly(election);
        closeQuietly(lake);
        closeQuietly(metrics);
        deleteWorkDir();
    }

    /** The control thread may still hold the files if Kafka kept it; the work directory goes anyway. */
    private void closeWriters() {
        boolean locked = false;
        try {
            locked = participant.lock().tryLock(WRITERS_LOCK_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            log.warn("Task {} stops without closing its open files: the control thread still holds them (waiting"
                    + " for Kafka); they are deleted with the work directory and read again from the lake's offsets",
                    taskId);
            return;
        }
        try {
            writers.close();
        } finally {
            participant.lock().unlock();
        }
    }

    private static String coordinates(SinkRecord r) {
        return r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset();
    }

    private static ErrantRecordReporter errantReporterOf(SinkTaskContext context) {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    private void deleteWorkDir() {
        try {
            LocalTrees.delete(workDir);
        } catch (IOException e) {
            log.warn("Could not remove the task's work directory {}: {}", workDir, e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("Error while closing {}: {}", c, e.toString());
        }
    }
}
