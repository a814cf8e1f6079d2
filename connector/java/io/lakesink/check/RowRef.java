package io.lakesink.check;

import java.util.Comparator;

/**
 * One row of the lake by the Kafka record it came from: topic, partition and offset are in every row LakeSink
 * writes (the {@code _kafka_} columns), and name it whatever file it is in.
 */
public record RowRef(String topic, int partition, long offset) implements Comparable<RowRef> {
    private static final Comparator<RowRef> ORDER = Comparator.comparing(RowRef::topic)
            .thenComparingInt(RowRef::partition).thenComparingLong(RowRef::offset);

    @Override
    public int compareTo(RowRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}
