package io.lakesink.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Follows a paged listing to its end. */
public final class Pages {
    private Pages() {
    }

    /** Every item of a listing, asked for in the largest pages, following {@code nextOffset} until the end. */
    public static <T> List<T> all(Function<PageRequest, Page<T>> listing) {
        List<T> out = new ArrayList<>();
        PageRequest request = PageRequest.first(PageRequest.MAX_AMOUNT);
        while (true) {
            Page<T> page = listing.apply(request);
            out.addAll(page.items());
            if (!page.hasMore()) {
                return out;
            }
            request = request.next(page);
        }
    }
}
