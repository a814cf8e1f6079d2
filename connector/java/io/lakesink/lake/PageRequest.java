package io.lakesink.lake;

/**
 * One page of a listing: items strictly after {@code after} (a path, branch name or commit id, as returned
 * in {@link Page#nextOffset()}), at most {@code amount} of them.
 */
public record PageRequest(String after, int amount) {
    public static final int DEFAULT_AMOUNT = 100;
    public static final int MAX_AMOUNT = 1000;

    public PageRequest {
        if (after == null) {
            after = "";
        }
        if (amount <= 0 || amount > MAX_AMOUNT) {
            throw new LakeInvalidArgumentException(
                    "page amount must be between 1 and " + MAX_AMOUNT + ", got " + amount);
        }
    }

    public static PageRequest first() {
        return new PageRequest("", DEFAULT_AMOUNT);
    }

    public static PageRequest first(int amount) {
        return new PageRequest("", amount);
    }

    public PageRequest next(Page<?> page) {
        return new PageRequest(page.nextOffset(), amount);
    }
}
