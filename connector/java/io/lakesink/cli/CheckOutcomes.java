package io.lakesink.cli;

import io.lakesink.check.CheckResult;
import io.lakesink.publish.CheckReport;

import java.util.List;

/** The {@code lakesink.checks} metadata in a few words: "3 passed", "1 failed: row-count (...)". */
final class CheckOutcomes {
    private CheckOutcomes() {
    }

    static String summary(String checksJson) {
        if (checksJson == null || checksJson.isBlank()) {
            return "-";
        }
        List<CheckReport.Outcome> outcomes;
        try {
            outcomes = CheckReport.read(checksJson);
        } catch (IllegalArgumentException e) {
            return "unreadable";
        }
        List<String> failed = outcomes.stream().filter(o -> !o.passed())
                .map(o -> o.name() + " (" + (o.outcome() == CheckResult.Outcome.COULD_NOT_RUN ? "could not run: " : "")
                        + o.message() + ")").toList();
        return failed.isEmpty() ? outcomes.size() + " passed"
                : failed.size() + " failed: " + String.join("; ", failed);
    }
}
