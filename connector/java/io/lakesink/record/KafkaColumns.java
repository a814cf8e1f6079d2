package io.lakesink.record;

import java.util.Set;

/**
 * Names of the columns LakeSink adds to every row. The {@code _kafka_} prefix keeps them apart from
 * data columns; a value field that uses one of these names is rejected rather than overwritten.
 */
public final class KafkaColumns {

    /** Source topic (string, required). */
    public static final String TOPIC = "_kafka_topic";
    /** Source partition (int, required). */
    public static final String PARTITION = "_kafka_partition";
    /** Offset of the record in its partition (long, required): with topic and partition it identifies the row. */
    public static final String OFFSET = "_kafka_offset";
    /** Record timestamp (timestamp-millis, UTC; null when the record has none). */
    public static final String TIMESTAMP = "_kafka_timestamp";
    /** Record key, when enabled: its Connect type, or JSON text for schemaless keys. */
    public static final String KEY = "_kafka_key";
    /** Record headers, when enabled: list of {key, value} with the value as text, in record order. */
    public static final String HEADERS = "_kafka_headers";

    static final Set<String> ALL = Set.of(TOPIC, PARTITION, OFFSET, TIMESTAMP, KEY, HEADERS);

    private KafkaColumns() {
    }
}
