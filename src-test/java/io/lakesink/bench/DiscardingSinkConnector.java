package io.lakesink.bench;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink that drops every record: the bench runs it through the same broker, worker and converter as LakeSink to
 * measure what Connect alone (consumer, converter, task loop) costs per record, the ceiling any sink task can reach.
 * Test code with its own service manifest, so it never ships in the plugin.
 */
public final class DiscardingSinkConnector extends SinkConnector {
    private Map<String, String> config;

    @Override
    public void start(Map<String, String> props) {
        config = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DiscardingTask.class;
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
        return "bench";
    }

    /** Touches each record's value so the converter's work cannot be optimised away, and keeps nothing. */
    public static final class DiscardingTask extends SinkTask {
        private long seen;

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            for (SinkRecord r : records) {
                if (r.value() != null) {
                    seen++;
                }
            }
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "bench";
        }
    }
}
