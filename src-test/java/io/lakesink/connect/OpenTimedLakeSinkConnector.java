package io.lakesink.connect;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LakeSink as it is, noting when Connect last handed one of its tasks partitions. When Connect itself stops and
 * restarts the task around a fault (a worker that loses its group revokes everything), the new task gets its
 * partitions only once the consumer group has settled, which can take a session timeout; a test subtracts that
 * wait, Connect's, to hold LakeSink to its own share. Workers run in the test's JVM, so the stamp is read directly.
 */
public final class OpenTimedLakeSinkConnector extends SinkConnector {
    /** When a task last finished {@code open}, in epoch milliseconds. */
    public static final AtomicLong LAST_OPEN_AT = new AtomicLong();

    private final LakeSinkConnector lakeSink = new LakeSinkConnector();

    @Override
    public void initialize(ConnectorContext ctx) {
        super.initialize(ctx);
        lakeSink.initialize(ctx);
    }

    @Override
    public void start(Map<String, String> props) {
        lakeSink.start(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return TimedTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return lakeSink.taskConfigs(maxTasks);
    }

    @Override
    public void stop() {
        lakeSink.stop();
    }

    @Override
    public ConfigDef config() {
        return lakeSink.config();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return lakeSink.validate(connectorConfigs);
    }

    @Override
    public String version() {
        return lakeSink.version();
    }

    public static final class TimedTask extends SinkTask {
        private final LakeSinkTask lakeSink = new LakeSinkTask();

        @Override
        public void initialize(SinkTaskContext context) {
            super.initialize(context);
            lakeSink.initialize(context);
        }

        @Override
        public void start(Map<String, String> props) {
            lakeSink.start(props);
        }

        @Override
        public void open(Collection<TopicPartition> partitions) {
            lakeSink.open(partitions);
            LAST_OPEN_AT.set(System.currentTimeMillis());
        }

        @Override
        public void close(Collection<TopicPartition> partitions) {
            lakeSink.close(partitions);
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            lakeSink.put(records);
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
            return lakeSink.preCommit(current);
        }

        @Override
        public void stop() {
            lakeSink.stop();
        }

        @Override
        public String version() {
            return lakeSink.version();
        }
    }
}
