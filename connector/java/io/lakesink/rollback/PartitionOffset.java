package io.lakesink.rollback;

import org.apache.kafka.common.TopicPartition;

/** An offset of one topic partition, written {@code topic:partition:offset} on the command line. */
public record PartitionOffset(TopicPartition partition, long offset) {
    public PartitionOffset {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset cannot be negative: " + offset);
        }
    }

    /** Parses {@code topic:partition:offset}; topics cannot hold ':', so the last two colons split it. */
    public static PartitionOffset parse(String text) {
        int last = text.lastIndexOf(':');
        int middle = last <= 0 ? -1 : text.lastIndexOf(':', last - 1);
        if (middle <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not topic:partition:offset (e.g. orders:0:1500)");
        }
        try {
            int p = Integer.parseInt(text.substring(middle + 1, last));
            long o = Long.parseLong(text.substring(last + 1));
            if (p < 0) {
                throw new IllegalArgumentException("a partition cannot be negative in '" + text + "'");
            }
            return new PartitionOffset(new TopicPartition(text.substring(0, middle), p), o);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not topic:partition:offset: partition and offset"
                    + " must be numbers (e.g. orders:0:1500)");
        }
    }

    @Override
    public String toString() {
        return partition.topic() + ":" + partition.partition() + ":" + offset;
    }
}
