package io.lakesink.connect;

import io.lakesink.lake.LakeException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Retries a lake call that fails as retryable (a locked database, a lakeFS 503) with exponential backoff, for the
 * calls a task cannot leave for the next commit cycle: opening the lake and reading where to resume.
 */
final class LakeRetry {
    private static final Logger log = LoggerFactory.getLogger(LakeRetry.class);

    private LakeRetry() {
    }

    static <T> T call(String what, long budgetMillis, Supplier<T> call) {
        long deadline = System.currentTimeMillis() + budgetMillis;
        long backoff = 250;
        while (true) {
            try {
                return call.get();
            } catch (LakeException e) {
                if (!e.isRetryable() || System.currentTimeMillis() + backoff > deadline) {
                    throw new ConnectException("could not " + what + ": " + e.getMessage(), e);
                }
                log.warn("Could not {} ({}); retrying in {} ms", what, e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ConnectException("interrupted while waiting to " + what, ie);
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }
}
