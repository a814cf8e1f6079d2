package io.lakesink.record;

/**
 * The offsets of one Kafka partition that a file holds: {@code first} to {@code last}, both
 * included (a file may skip offsets, e.g. tombstones or records sent to the DLQ).
 */
public record OffsetRange(String topic, int partition, long first, long last) {

    /** The next offset to read after this range: Kafka's committed-offset convention. */
    public long nextOffset() {
        return last + 1;
    }
}
