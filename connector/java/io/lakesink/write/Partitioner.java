package io.lakesink.write;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decides the partition directory of a record, below {@code <topics.dir>/<topic>/}
 * (see {@link ObjectPaths}). Implementations are stateless apart from their configuration and
 * must encode every value taken from a record with {@link PathSegments}.
 */
public interface Partitioner {

    /**
     * The encoded partition path of the record, relative, without leading or trailing slash:
     * {@code partition=3}, {@code region=eu/country=de}, {@code year=2024/month=02}.
     *
     * @throws PartitionException when the record lacks what the partitioner needs
     */
    String encodePartition(SinkRecord record);
}
