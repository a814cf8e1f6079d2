package io.lakesink.lake;

import java.util.List;
import java.util.function.Function;

/** One page of results; when {@code hasMore}, pass {@code nextOffset} as the next request's {@code after}. */
public record Page<T>(List<T> items, boolean hasMore, String nextOffset) {
    public Page {
        items = List.copyOf(items);
    }

    /** Cuts a list that holds up to {@code amount + 1} items (one more tells that another page exists). */
    public static <T> Page<T> of(List<T> itemsPlusOne, int amount, Function<T, String> offsetOf) {
        boolean more = itemsPlusOne.size() > amount;
        List<T> items = more ? itemsPlusOne.subList(0, amount) : itemsPlusOne;
        String next = more ? offsetOf.apply(items.get(items.size() - 1)) : "";
        return new Page<>(items, more, next);
    }
}
