package io.lakesink.commit.event;

/**
 * What a task wrote of one topic-partition since its last accepted batch: from {@code startOffset} (where the
 * task believes the lake stands; -1 when the lake had nothing for the partition when the task got it) up to
 * {@code nextOffset} (exclusive). {@code records} may be fewer than the offsets spanned (tombstones, DLQ).
 */
public record PartitionBatch(String topic, int partition, long startOffset, long nextOffset, long records) {
    public static final long UNKNOWN_START = -1;
}
