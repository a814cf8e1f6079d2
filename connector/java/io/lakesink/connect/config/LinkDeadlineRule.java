package io.lakesink.connect.config;

import io.lakesink.lake.lakefs.LinkAddresses;
import org.apache.kafka.common.config.AbstractConfig;

import java.time.Duration;
import java.util.Map;

/**
 * With lakeFS, a file uploaded in a commit cycle waits for its link at most {@code commit.timeout.ms} (the coordinator
 * ignores later answers) plus the time one lakeFS call may take with its retries; lakeFS refuses a link address older
 * than 6 h. Both must stay well under that: half of it, so that a slow commit still links. The adapter never sends an
 * expired address anyway; this rule keeps a configuration from making that the normal case.
 */
final class LinkDeadlineRule {
    static final Duration BUDGET = LinkAddresses.LINK_ADDRESS_TIME.dividedBy(2);

    private LinkDeadlineRule() {
    }

    /** Adds the problem, on the key to change, when the lakeFS backend could wait too long to link an upload. */
    static void check(AbstractConfig c, Map<String, String> problems) {
        long timeout = c.getLong(CommitKeys.TIMEOUT_MS);
        long retries = oneCallWithRetriesMs(c.getInt(LakeFsKeys.MAX_ATTEMPTS), c.getLong(LakeFsKeys.CONNECT_TIMEOUT_MS),
                c.getLong(LakeFsKeys.READ_TIMEOUT_MS), c.getLong(LakeFsKeys.RETRY_BACKOFF_MS));
        long budget = BUDGET.toMillis();
        if (timeout > budget) {
            problems.put(CommitKeys.TIMEOUT_MS, CommitKeys.TIMEOUT_MS + " (" + timeout + " ms) lets an uploaded file"
                    + " wait longer for its link than lakeFS allows: lakeFS accepts a link address for "
                    + LinkAddresses.LINK_ADDRESS_TIME.toHours() + " h, and a commit cycle must stay well under that (at"
                    + " most " + budget + " ms, with the lakeFS call retries)");
        } else if (saturatingAdd(timeout, retries) > budget) {
            problems.put(LakeFsKeys.MAX_ATTEMPTS, LakeFsKeys.MAX_ATTEMPTS + " with " + LakeFsKeys.CONNECT_TIMEOUT_MS
                    + ", " + LakeFsKeys.READ_TIMEOUT_MS + " and " + LakeFsKeys.RETRY_BACKOFF_MS + " lets one lakeFS"
                    + " call take " + retries + " ms, which with " + CommitKeys.TIMEOUT_MS + " (" + timeout + " ms)"
                    + " exceeds " + budget + " ms, half the " + LinkAddresses.LINK_ADDRESS_TIME.toHours() + " h for"
                    + " which lakeFS accepts a link address: lower the attempts or the time-outs");
        }
    }

    /** Every attempt waiting out both time-outs, and the doubling backoffs between them. */
    static long oneCallWithRetriesMs(int attempts, long connectTimeoutMs, long readTimeoutMs, long backoffMs) {
        long total = 0;
        long backoff = backoffMs;
        for (int i = 0; i < attempts && total < Long.MAX_VALUE; i++) {
            total = saturatingAdd(total, saturatingAdd(connectTimeoutMs, readTimeoutMs));
            if (i < attempts - 1) {
                total = saturatingAdd(total, backoff);
                backoff = saturatingAdd(backoff, backoff);
            }
        }
        return total;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
