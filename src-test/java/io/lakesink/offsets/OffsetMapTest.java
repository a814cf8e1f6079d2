package io.lakesink.offsets;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kafka.offsets map every ingest commit carries: its JSON, its equality and its short form for people. */
class OffsetMapTest {
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition CUSTOMERS_0 = new TopicPartition("customers", 0);

    @Test
    void readsAndWritesTheMetadataJson() {
        OffsetMap m = OffsetMap.parse("{\"orders\":{\"1\":7,\"0\":50},\"customers\":{\"0\":20}}");
        assertEquals(Map.of(ORDERS_0, 50L, ORDERS_1, 7L, CUSTOMERS_0, 20L), m.asMap());
        assertEquals("{\"customers\":{\"0\":20},\"orders\":{\"0\":50,\"1\":7}}", m.toJson(), "sorted, so stable");
        assertEquals(m.toJson(), m.toString());
        assertEquals(m, OffsetMap.parse(m.toJson()));
        assertTrue(OffsetMap.parse(null).isEmpty());
        assertTrue(OffsetMap.parse(" ").isEmpty());
        assertFalse(m.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> OffsetMap.parse("{\"orders\":{\"zero\":1}}"));
        assertThrows(IllegalArgumentException.class, () -> OffsetMap.parse("[1,2]"));
    }

    @Test
    void withChangesOnePartitionOfACopy() {
        OffsetMap before = OffsetMap.EMPTY.with(ORDERS_0, 10);
        OffsetMap after = before.with(ORDERS_0, 12).with(ORDERS_1, 3);
        assertEquals(10L, before.get(ORDERS_0).orElseThrow(), "immutable");
        assertTrue(before.get(ORDERS_1).isEmpty());
        assertEquals(12L, after.get(ORDERS_0).orElseThrow());
        assertEquals(3L, after.get(ORDERS_1).orElseThrow());
        assertTrue(after.get(CUSTOMERS_0).isEmpty(), "a topic never committed");
    }

    @Test
    void equalMapsAreEqualAndHashAlike() {
        OffsetMap a = OffsetMap.EMPTY.with(ORDERS_0, 10).with(ORDERS_1, 5);
        OffsetMap b = OffsetMap.EMPTY.with(ORDERS_1, 5).with(ORDERS_0, 10);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.with(ORDERS_1, 6));
        assertNotEquals(a.hashCode(), a.with(ORDERS_1, 6).hashCode());
        assertNotEquals(a, "{\"orders\":{\"0\":10,\"1\":5}}");
    }

    @Test
    void compactIsOneShortLineForLogsAndTables() {
        assertEquals("-", OffsetMap.EMPTY.compact());
        assertEquals("orders[0:50]", OffsetMap.EMPTY.with(ORDERS_0, 50).compact());
        assertEquals("customers[0:20] orders[0:50 1:7]",
                OffsetMap.EMPTY.with(ORDERS_1, 7).with(CUSTOMERS_0, 20).with(ORDERS_0, 50).compact());
    }
}
