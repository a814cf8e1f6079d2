package io.lakesink.connect;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The part of Connect's task context a LakeSink task uses, for a task the test drives itself: one fixed
 * assignment, and every seek the task asks for remembered.
 */
public final class FixedAssignmentContext implements SinkTaskContext {
    private final Map<String, String> configs;
    private final Set<TopicPartition> assignment;
    private final Map<TopicPartition, Long> seeks = new HashMap<>();

    public FixedAssignmentContext(Map<String, String> configs, Set<TopicPartition> assignment) {
        this.configs = Map.copyOf(configs);
        this.assignment = Set.copyOf(assignment);
    }

    /** The offsets the task asked Connect to read from, latest per partition. */
    public Map<TopicPartition, Long> seeks() {
        return seeks;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        seeks.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        seeks.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
