package io.lakesink.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.check.RowRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Offsets of quarantined rows, as an operator reads them: per topic and partition, runs of consecutive offsets as
 * {@code first-last}, e.g. {@code {"orders":{"0":"17,40-42"}}}.
 */
public final class OffsetRanges {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than this, the runs give way to each partition's first and last offset and count (commit metadata). */
    static final int MAX_LENGTH = 16_384;

    private OffsetRanges() {
    }

    public static String json(Set<RowRef> rows) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        Map<String, Map<Integer, List<Long>>> grouped = new TreeMap<>();
        rows.stream().sorted().forEach(r -> grouped.computeIfAbsent(r.topic(), t -> new TreeMap<>())
                .computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.offset()));
        grouped.forEach((topic, partitions) -> partitions.forEach((partition, offsets) ->
                out.computeIfAbsent(topic, t -> new TreeMap<>()).put(Integer.toString(partition), runs(offsets))));
        String full = write(out);
        if (full.length() <= MAX_LENGTH) {
            return full;
        }
        Map<String, Map<String, String>> summary = new TreeMap<>();
        grouped.forEach((topic, partitions) -> partitions.forEach((partition, offsets) ->
                summary.computeIfAbsent(topic, t -> new TreeMap<>()).put(Integer.toString(partition),
                        offsets.get(0) + "-" + offsets.get(offsets.size() - 1) + " (" + offsets.size() + " rows)")));
        return write(summary);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("offset ranges always serialise", e);
        }
    }

    /** Sorted offsets as runs: {@code 1,2,3,7} gives {@code 1-3,7}. */
    static String runs(List<Long> sorted) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(sorted.get(i));
            if (j > i) {
                b.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return b.toString();
    }
}
