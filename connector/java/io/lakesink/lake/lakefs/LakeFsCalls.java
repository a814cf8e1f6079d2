package io.lakesink.lake.lakefs;

import com.google.gson.JsonParseException;
import io.lakefs.clients.sdk.ApiException;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeUnavailableException;

import java.time.Duration;

/**
 * Runs SDK calls: maps their failures to typed lake errors and retries those that may be repeated. Idempotent
 * calls (reads, resets, links that overwrite) are retried with exponential backoff while lakeFS answers 429/5xx
 * or does not answer in time; other calls are sent once and the caller decides (see {@link CommitGuard}).
 */
final class LakeFsCalls {
    private final LakeFsErrors errors;
    private final int maxAttempts;
    private final Duration initialBackoff;

    LakeFsCalls(LakeFsErrors errors, int maxAttempts, Duration initialBackoff) {
        this.errors = errors;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
    }

    /** Sends the call once. */
    <T> T once(String what, ApiCall<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw errors.toLakeException(what, e);
        } catch (IllegalArgumentException | JsonParseException e) {
            throw errors.unreadableAnswer(what, e);
        }
    }

    /** Sends a call that may safely be repeated, retrying while lakeFS is unavailable. */
    <T> T idempotent(String what, ApiCall<T> call) {
        return retrying(what, () -> once(what, call), e -> true);
    }

    /** Runs {@code attempt} until it succeeds, fails with a non-retryable error, or {@code mayRetry} says no. */
    <T> T retrying(String what, java.util.function.Supplier<T> attempt,
                   java.util.function.Predicate<LakeUnavailableException> mayRetry) {
        Duration backoff = initialBackoff;
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (LakeUnavailableException e) {
                if (n >= maxAttempts || !mayRetry.test(e)) {
                    throw n > 1 ? withAttempts(e, n) : e;
                }
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    int maxAttempts() {
        return maxAttempts;
    }

    private static LakeException withAttempts(LakeUnavailableException e, int attempts) {
        return new LakeUnavailableException(e.getMessage() + " (gave up after " + attempts + " attempts)", e);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeUnavailableException("interrupted while waiting to retry a lakeFS call", e);
        }
    }
}
