package io.lakesink.publish;

import io.lakesink.check.RowRef;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetRangesTest {
    @Test
    void consecutiveOffsetsBecomeRunsPerTopicAndPartition() {
        Set<RowRef> rows = Set.of(new RowRef("orders", 0, 7), new RowRef("orders", 0, 5), new RowRef("orders", 0, 6),
                new RowRef("orders", 0, 9), new RowRef("orders", 1, 2), new RowRef("customers", 0, 0));
        assertEquals("{\"customers\":{\"0\":\"0\"},\"orders\":{\"0\":\"5-7,9\",\"1\":\"2\"}}", OffsetRanges.json(rows));
        assertEquals("1-3,7", OffsetRanges.runs(List.of(1L, 2L, 3L, 7L)));
    }

    @Test
    void tooManyRunsForCommitMetadataAreSummarisedPerPartition() {
        Set<RowRef> rows = new HashSet<>();
        for (long o = 0; o < 20_000; o += 2) {
            rows.add(new RowRef("orders", 0, o));
        }
        String json = OffsetRanges.json(rows);
        assertTrue(json.length() <= OffsetRanges.MAX_LENGTH, json.length() + " characters");
        assertEquals("{\"orders\":{\"0\":\"0-19998 (10000 rows)\"}}", json);
    }
}
