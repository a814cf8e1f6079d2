package io.lakesink.publish;

import io.lakesink.check.CheckResult;

import java.util.List;

/** Publishing stopped at {@code commitId} because these checks failed. */
public record Halt(String commitId, List<CheckResult> results) {
    public Halt {
        results = List.copyOf(results);
    }
}
