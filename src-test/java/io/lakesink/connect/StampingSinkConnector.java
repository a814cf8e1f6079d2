package io.lakesink.connect;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most trivial sink there is: it notes when it last received records, and keeps nothing. A test runs it beside
 * LakeSink to measure what Connect itself needs to get going again after a fault, so LakeSink is held to its own
 * share only. Workers run in the test's JVM, so the stamp is read directly.
 */
public final class StampingSinkConnector extends SinkConnector {
    /** When the last non-empty batch arrived, in epoch milliseconds. */
    public static final AtomicLong LAST_RECORDS_AT = new AtomicLong();

    private Map<String, String> config;

    @Override
    public void start(Map<String, String> props) {
        config = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return StampingTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, config);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "test";
    }

    public static final class StampingTask extends SinkTask {
        /** A task Connect gave up stopping can go on receiving records; those say nothing about a live task. */
        private volatile boolean stopped;

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            if (!records.isEmpty() && !stopped) {
                LAST_RECORDS_AT.set(System.currentTimeMillis());
            }
        }

        @Override
        public void stop() {
            stopped = true;
        }

        @Override
        public String version() {
            return "test";
        }
    }
}
