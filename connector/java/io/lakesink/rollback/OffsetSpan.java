package io.lakesink.rollback;

import io.lakesink.offsets.OffsetMap;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The offsets {@code [from, to)} of one partition: what a rollback takes away or ingestion re-reads. */
public record OffsetSpan(TopicPartition partition, long from, long to) {
    public long count() {
        return Math.max(0, to - from);
    }

    /** Per partition, what {@code newer} holds beyond {@code older}; partitions with nothing between are left out. */
    public static List<OffsetSpan> between(OffsetMap older, OffsetMap newer) {
        Set<TopicPartition> all = new HashSet<>(older.asMap().keySet());
        all.addAll(newer.asMap().keySet());
        List<OffsetSpan> out = new ArrayList<>();
        for (TopicPartition tp : all) {
            long from = older.get(tp).orElse(0L);
            long to = newer.get(tp).orElse(0L);
            if (to > from) {
                out.add(new OffsetSpan(tp, from, to));
            }
        }
        out.sort(Comparator.comparing((OffsetSpan s) -> s.partition().topic())
                .thenComparingInt(s -> s.partition().partition()));
        return out;
    }

    public static long total(List<OffsetSpan> spans) {
        return spans.stream().mapToLong(OffsetSpan::count).sum();
    }

    @Override
    public String toString() {
        return partition.topic() + ":" + partition.partition() + " [" + from + ", " + to + ")";
    }
}
