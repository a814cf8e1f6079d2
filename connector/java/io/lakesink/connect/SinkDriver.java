package io.lakesink.connect;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Collection;
import java.util.Map;

/**
 * What a {@link LakeSinkTask} drives: the write path and the commit protocol of one running task (as Apache
 * Iceberg's sink task drives its {@code Committer}). The task only forwards Connect's calls; this owns every
 * resource and decides where each partition resumes.
 */
interface SinkDriver extends AutoCloseable {
    /** Partitions assigned: seek them to where the lake stands. */
    void open(Collection<TopicPartition> partitions);

    /** Partitions revoked: drop what they hold that the lake does not. */
    void close(Collection<TopicPartition> partitions);

    void put(Collection<SinkRecord> records);

    /** The next offset per partition that the lake holds: all Connect may record as the group's offsets. */
    Map<TopicPartition, Long> committedOffsets();

    /** Releases everything within Connect's graceful-stop timeout, whatever Kafka and the lake do. */
    @Override
    void close();
}
