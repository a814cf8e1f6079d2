package io.lakesink.lake;

/**
 * Base of every error a {@link VersionedLake} raises. Each subtype says what kind of failure it was, so
 * callers decide by type (retry, report, give up) and operators read the message for what to do.
 */
public abstract class LakeException extends RuntimeException {
    protected LakeException(String message) {
        super(message);
    }

    protected LakeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same call may succeed later without anything being changed (lakeFS 429/503, a locked database). */
    public boolean isRetryable() {
        return false;
    }
}
