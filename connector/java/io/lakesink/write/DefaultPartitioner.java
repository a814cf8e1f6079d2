package io.lakesink.write;

import org.apache.kafka.connect.sink.SinkRecord;

/** Partitions by Kafka partition: {@code partition=<p>}, as the Confluent S3 sink does by default. */
public final class DefaultPartitioner implements Partitioner {
    /** Paths of the first partitions, built once: this runs for every record. */
    private static final String[] COMMON = new String[256];

    static {
        for (int p = 0; p < COMMON.length; p++) {
            COMMON[p] = "partition=" + p;
        }
    }

    @Override
    public String encodePartition(SinkRecord record) {
        int p = record.kafkaPartition();
        return p >= 0 && p < COMMON.length ? COMMON[p] : "partition=" + p;
    }
}
