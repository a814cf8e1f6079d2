package io.lakesink.check;

import java.util.Set;

/**
 * A check's verdict: passed, failed (it found what it looks for: "3 rows with amount < 0 in orders"), or could not
 * run (the query does not bind, a service did not answer); the figure it measured (row count, null fraction, lag
 * in ms...; NaN when there is none) and a message an operator understands. A check that could not run stops data
 * like a failed one, but an operator fixes it in a different place, so logs, the audit log and metrics keep the
 * two apart.
 *
 * <p>A failed check that names the rows it found ({@link #rows()}, by Kafka coordinates) lets publishing move just
 * those rows aside; without them ({@code null}), the check judged the commit as a whole.
 */
public record CheckResult(String check, Outcome outcome, double figure, String message, Set<RowRef> rows) {
    public CheckResult {
        rows = rows == null ? null : Set.copyOf(rows);
    }

    public CheckResult(String check, Outcome outcome, double figure, String message) {
        this(check, outcome, figure, message, null);
    }

    public enum Outcome {
        PASSED("passed"), FAILED("failed"), COULD_NOT_RUN("could-not-run");

        private final String word;

        Outcome(String word) {
            this.word = word;
        }

        /** As written in {@code lakesink.checks} and the audit log. */
        public String word() {
            return word;
        }

        /** The outcome a word names; an unknown word is read as failed, so nothing unknown lets data through. */
        public static Outcome ofWord(String word) {
            for (Outcome o : values()) {
                if (o.word.equals(word)) {
                    return o;
                }
            }
            return FAILED;
        }
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    public boolean couldNotRun() {
        return outcome == Outcome.COULD_NOT_RUN;
    }

    public static CheckResult pass(String check, double figure, String message) {
        return new CheckResult(check, Outcome.PASSED, figure, message);
    }

    public static CheckResult fail(String check, double figure, String message) {
        return new CheckResult(check, Outcome.FAILED, figure, message);
    }

    /** A failure that names its bad rows, so that publishing can quarantine those rows and keep the rest. */
    public static CheckResult failRows(String check, double figure, Set<RowRef> rows, String message) {
        return new CheckResult(check, Outcome.FAILED, figure, message, rows);
    }

    /** Whether this failure names its rows (an empty set names none: the commit as a whole is judged). */
    public boolean namesRows() {
        return outcome == Outcome.FAILED && rows != null && !rows.isEmpty();
    }

    public static CheckResult couldNotRun(String check, String message) {
        return new CheckResult(check, Outcome.COULD_NOT_RUN, Double.NaN, message);
    }
}
