package io.lakesink.offsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.TopicPartition;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code kafka.offsets} commit metadata: for every topic-partition the connector has committed, the next
 * offset to read (Kafka's committed-offset convention). Immutable; JSON {@code {"topic":{"0":42,...},...}}.
 */
public final class OffsetMap {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final OffsetMap EMPTY = new OffsetMap(new TreeMap<>());

    private final TreeMap<String, TreeMap<Integer, Long>> offsets;

    private OffsetMap(TreeMap<String, TreeMap<Integer, Long>> offsets) {
        this.offsets = offsets;
    }

    public static OffsetMap parse(String json) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        try {
            Map<String, Map<String, Long>> raw = JSON.readValue(json, new TypeReference<>() { });
            TreeMap<String, TreeMap<Integer, Long>> parsed = new TreeMap<>();
            raw.forEach((topic, partitions) -> {
                TreeMap<Integer, Long> p = new TreeMap<>();
                partitions.forEach((partition, next) -> p.put(Integer.parseInt(partition), next));
                parsed.put(topic, p);
            });
            return new OffsetMap(parsed);
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new IllegalArgumentException("kafka.offsets is not a map of topic to partition to offset: " + json, e);
        }
    }

    public Optional<Long> get(TopicPartition tp) {
        Map<Integer, Long> p = offsets.get(tp.topic());
        return Optional.ofNullable(p == null ? null : p.get(tp.partition()));
    }

    public OffsetMap with(TopicPartition tp, long nextOffset) {
        TreeMap<String, TreeMap<Integer, Long>> copy = new TreeMap<>();
        offsets.forEach((topic, p) -> copy.put(topic, new TreeMap<>(p)));
        copy.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(tp.partition(), nextOffset);
        return new OffsetMap(copy);
    }

    public Map<TopicPartition, Long> asMap() {
        Map<TopicPartition, Long> out = new java.util.HashMap<>();
        offsets.forEach((topic, p) -> p.forEach((partition, next) -> out.put(new TopicPartition(topic, partition), next)));
        return Collections.unmodifiableMap(out);
    }

    public boolean isEmpty() {
        return offsets.isEmpty();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(offsets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetMap other && offsets.equals(other.offsets);
    }

    @Override
    public int hashCode() {
        return offsets.hashCode();
    }

    /** {@code orders[0:50 1:50] customers[0:20]}: next offset per partition, for logs and tables; "-" when empty. */
    public String compact() {
        if (offsets.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        offsets.forEach((topic, partitions) -> {
            b.append(b.isEmpty() ? "" : " ").append(topic).append('[');
            StringBuilder p = new StringBuilder();
            partitions.forEach((partition, next) -> p.append(p.isEmpty() ? "" : " ").append(partition).append(':')
                    .append(next));
            b.append(p).append(']');
        });
        return b.toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
