package io.lakesink.connect;

import io.lakesink.connect.config.LakeKeys;
import io.lakesink.connect.config.LakeSinkConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LakeSink: Kafka records as Parquet on an ingest branch of a versioned lake, committed with the offsets they
 * cover. Tasks learn their number so the coordinator knows how many answers a commit cycle waits for.
 */
public final class LakeSinkConnector extends SinkConnector {
    static final String TASK_ID = "lakesink.task.id";
    static final String TASK_COUNT = "lakesink.task.count";

    private Map<String, String> props;
    /** What every task learns of the lake this connector opened ({@link OneLakePerConnector}). */
    private Map<String, String> lakeIdentity;

    @Override
    public void start(Map<String, String> props) {
        LakeSinkConfig config = new LakeSinkConfig(props);
        this.props = Map.copyOf(props);
        this.lakeIdentity = OneLakePerConnector.taskProps(config);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return LakeSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> c = new HashMap<>(props);
            c.putAll(lakeIdentity);
            c.put(TASK_ID, Integer.toString(i));
            c.put(TASK_COUNT, Integer.toString(maxTasks));
            configs.add(c);
        }
        return configs;
    }

    @Override
    public void stop() {
        // tasks hold every resource
    }

    /**
     * Connect's offsets API is accepted only where it agrees with the ingest head (what {@code lakesink rollback}
     * sets after moving the branches); anything else would be stored and then ignored, see {@link OffsetsApiGuard}.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        LakeSinkConfig config = new LakeSinkConfig(connectorConfig);
        OffsetsApiGuard.requireAgreement(connectorConfig.getOrDefault("name", "lakesink"), offsets,
                IngestHeadOffsets.read(config), IngestHeadOffsets.where(config));
        return true; // Connect's offsets now say what the lake says
    }

    @Override
    public ConfigDef config() {
        return LakeSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        List<ConfigValue> values = LakeSinkConfig.validate(connectorConfigs);
        if (values.stream().allMatch(v -> v.errorMessages().isEmpty())) {
            IngestOwnership.problem(new LakeSinkConfig(connectorConfigs), connectorConfigs.get("name"))
                    .ifPresent(problem -> values.stream().filter(v -> v.name().equals(LakeKeys.INGEST_BRANCH))
                            .findFirst().orElseThrow().addErrorMessage(problem));
        }
        return new Config(values);
    }

    @Override
    public String version() {
        return Version.current();
    }
}
