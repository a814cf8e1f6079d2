package io.lakesink.write;

import org.apache.kafka.connect.sink.SinkRecord;

/** Partitions by Kafka partition: {@code partition=<p>}, as the Confluent S3 sink does by default. */
public final class DefaultPartitioner implements Partitioner {

    @Override
    public String encodePartition(SinkRecord record) {
        return "partition=" + record.kafkaPartition();
    }
}
