package io.lakesink.write;

import io.lakesink.record.WrittenFile;
import org.apache.kafka.common.TopicPartition;

/** A finished local Parquet file of one topic-partition, waiting to be uploaded and committed at {@code lakePath}. */
public record ClosedFile(TopicPartition topicPartition, String lakePath, WrittenFile file) {
}
