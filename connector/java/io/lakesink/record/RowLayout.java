package io.lakesink.record;

/**
 * Which columns a row has besides the value's fields (see {@link KafkaColumns}). Kafka coordinates
 * are on by default so that every row can be traced to its offset (and rolled back by it).
 *
 * @param kafkaCoordinates write topic, partition, offset and timestamp columns
 * @param key              write the record key as a column
 * @param headers          write the record headers as a column
 */
public record RowLayout(boolean kafkaCoordinates, boolean key, boolean headers) {

    public static final RowLayout DEFAULT = new RowLayout(true, false, false);
}
