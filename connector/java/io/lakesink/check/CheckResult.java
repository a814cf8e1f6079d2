package io.lakesink.check;

/**
 * A check's verdict: passed or not, the figure it measured (row count, null fraction, lag in ms...; NaN when
 * there is none) and a message an operator understands ("3 rows with amount < 0 in orders").
 */
public record CheckResult(String check, boolean passed, double figure, String message) {
    public static CheckResult pass(String check, double figure, String message) {
        return new CheckResult(check, true, figure, message);
    }

    public static CheckResult fail(String check, double figure, String message) {
        return new CheckResult(check, false, figure, message);
    }
}
