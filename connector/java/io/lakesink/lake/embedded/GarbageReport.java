package io.lakesink.lake.embedded;

import java.util.List;

/**
 * What a garbage collection of the embedded lake found: the commits it retained, the objects they refer to, and the
 * object files no retained commit, staged change or pending link refers to, which it deleted unless it was a dry run.
 *
 * @param unreferenced addresses relative to the repository's storage namespace
 */
public record GarbageReport(int retainedCommits, int referencedObjects, List<String> unreferenced,
                            long unreferencedBytes, boolean dryRun) {
    public GarbageReport {
        unreferenced = List.copyOf(unreferenced);
    }
}
