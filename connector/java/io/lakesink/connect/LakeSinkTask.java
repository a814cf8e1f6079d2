package io.lakesink.connect;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Forwards Connect's calls to the {@link SinkDriver} it starts (a {@link SinkSession}). Offsets are the lake's business: tasks seek to the ingest
 * branch's offsets on {@code open}, and {@code preCommit} reports only what the lake holds.
 */
public final class LakeSinkTask extends SinkTask {
    /** How a task gets what it drives; tests give it their own. */
    @FunctionalInterface
    interface DriverFactory {
        SinkDriver start(Map<String, String> props, SinkTaskContext context) throws IOException;
    }

    private final DriverFactory drivers;
    private SinkDriver session;

    public LakeSinkTask() {
        this(SinkSession::new);
    }

    LakeSinkTask(DriverFactory drivers) {
        this.drivers = drivers;
    }

    @Override
    public String version() {
        return Version.current();
    }

    @Override
    public void start(Map<String, String> props) {
        try {
            session = drivers.start(props, context);
        } catch (IOException e) {
            throw new ConnectException("cannot start the LakeSink task: " + e.getMessage(), e);
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        session.open(partitions);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        session.close(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        session.put(records);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        session.committedOffsets().forEach((tp, next) -> {
            if (currentOffsets.containsKey(tp)) {
                committed.put(tp, new OffsetAndMetadata(next));
            }
        });
        return committed;
    }

    @Override
    public void stop() {
        if (session != null) {
            session.close();
        }
    }
}
