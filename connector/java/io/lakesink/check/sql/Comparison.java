package io.lakesink.check.sql;

import java.util.Arrays;

/** How a check's figure is compared with its threshold. */
enum Comparison {
    LESS("<"), LESS_OR_EQUAL("<="), EQUAL("="), GREATER_OR_EQUAL(">="), GREATER(">"), NOT_EQUAL("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    boolean holds(double figure, double threshold) {
        return switch (this) {
            case LESS -> figure < threshold;
            case LESS_OR_EQUAL -> figure <= threshold;
            case EQUAL -> figure == threshold;
            case GREATER_OR_EQUAL -> figure >= threshold;
            case GREATER -> figure > threshold;
            case NOT_EQUAL -> figure != threshold;
        };
    }

    static Comparison of(String symbol) {
        return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown operator '" + symbol + "'"));
    }

    static String[] symbols() {
        return Arrays.stream(values()).map(Comparison::symbol).toArray(String[]::new);
    }
}
