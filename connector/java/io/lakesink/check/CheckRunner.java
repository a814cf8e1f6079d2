package io.lakesink.check;

import io.lakesink.lake.LakeIntegrityException;
import io.lakesink.sql.SqlSandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every configured check on one commit; a check that throws could not run, which stops data like a failure,
 * so a broken check never lets data through.
 */
public final class CheckRunner {
    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);

    private final List<Check> checks;

    public CheckRunner(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public boolean isEmpty() {
        return checks.isEmpty();
    }

    public List<CheckResult> run(CheckContext context) {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            CheckResult result;
            long start = System.nanoTime();
            try {
                result = check.run(context);
            } catch (SQLException e) {
                result = CheckResult.couldNotRun(check.name(), "the check could not run: DuckDB says: "
                        + SqlSandbox.describe(e));
            } catch (LakeIntegrityException e) {
                throw e; // damaged bytes say nothing about the data's quality: no verdict, no quarantine
            } catch (Exception e) {
                result = CheckResult.couldNotRun(check.name(), "the check could not run: " + e);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            switch (result.outcome()) {
                case PASSED -> log.info("Check {} passed on commit {} in {} ms: {}", check.name(), context.commitId(),
                        millis, result.message());
                case FAILED -> log.warn("Check {} FAILED on commit {} in {} ms: {}", check.name(), context.commitId(),
                        millis, result.message());
                case COULD_NOT_RUN -> log.error("Check {} COULD NOT RUN on commit {} (after {} ms), which stops the"
                        + " commit like a failure; fix the check or what it depends on: {}", check.name(),
                        context.commitId(), millis, result.message());
            }
            results.add(result);
        }
        return results;
    }

    public static boolean allPassed(List<CheckResult> results) {
        return results.stream().allMatch(CheckResult::passed);
    }
}
