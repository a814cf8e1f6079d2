package io.lakesink.lake.lakefs;

import io.lakesink.lake.PageRequest;

/** lakeFS's pagination parameters: {@code after} and {@code amount} (default 100, at most 1000). */
final class Paging {
    private Paging() {
    }

    static PageRequest of(ApiExchange ex) {
        String after = ex.query("after");
        String amountText = ex.query("amount");
        int amount = PageRequest.DEFAULT_AMOUNT;
        if (amountText != null) {
            try {
                amount = Integer.parseInt(amountText);
            } catch (NumberFormatException e) {
                throw new ProtocolViolation("amount must be an integer, got '" + amountText + "'");
            }
            if (amount < -1 || amount > 1000) {
                throw new ProtocolViolation("amount must be between -1 and 1000, got " + amount);
            }
            if (amount <= 0) {
                amount = PageRequest.DEFAULT_AMOUNT;
            }
        }
        return new PageRequest(after == null ? "" : after, amount);
    }
}
