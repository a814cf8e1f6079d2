package io.lakesink.lake;

/**
 * The lake cannot serve the request right now (lakeFS 429/5xx or a time-out, a locked embedded database,
 * an unwritable directory). Retrying later is expected to succeed. After a time-out the server may still have
 * done the work, so a non-idempotent call (commit, merge) must be checked before it is repeated.
 */
public class LakeUnavailableException extends LakeException {
    public LakeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public LakeUnavailableException(String message) {
        super(message);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
