package io.lakesink.rollback;

import io.lakesink.offsets.OffsetMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a rollback takes away or re-reads, per partition, from two offset maps. */
class OffsetSpanTest {
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_10 = new TopicPartition("orders", 10);
    private static final TopicPartition ORDERS_2 = new TopicPartition("orders", 2);
    private static final TopicPartition CUSTOMERS_0 = new TopicPartition("customers", 0);

    @Test
    void betweenListsWhatTheNewerMapHoldsBeyondTheOlderSortedByTopicAndPartition() {
        OffsetMap older = OffsetMap.EMPTY.with(ORDERS_0, 10).with(ORDERS_2, 5).with(ORDERS_10, 7);
        OffsetMap newer = older.with(ORDERS_0, 30).with(ORDERS_10, 8).with(CUSTOMERS_0, 4);
        List<OffsetSpan> spans = OffsetSpan.between(older, newer);
        assertEquals(List.of(new OffsetSpan(CUSTOMERS_0, 0, 4), new OffsetSpan(ORDERS_0, 10, 30),
                new OffsetSpan(ORDERS_10, 7, 8)), spans, "orders-2 did not move; a new partition counts from 0");
        assertEquals(4 + 20 + 1, OffsetSpan.total(spans));
        assertEquals(List.of(), OffsetSpan.between(newer, older), "nothing beyond, going backwards");
        assertEquals(List.of(), OffsetSpan.between(older, older));
    }

    @Test
    void aSpanCountsItsOffsetsAndReadsAsAHalfOpenRange() {
        assertEquals(20, new OffsetSpan(ORDERS_0, 10, 30).count());
        assertEquals(0, new OffsetSpan(ORDERS_0, 30, 10).count(), "an inverted span holds nothing");
        assertEquals(0, OffsetSpan.total(List.of()));
        assertEquals("orders:0 [10, 30)", new OffsetSpan(ORDERS_0, 10, 30).toString());
    }
}
