package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeUnavailableException;

/**
 * lakeFS could not serve the call now: 429, 5xx, or no answer in time ({@code status} 0). For 429, 503 and a locked
 * branch the server did not do the work; after a time-out or another 5xx it may have.
 */
public class LakeFsUnavailableException extends LakeUnavailableException {
    private final int status;

    public LakeFsUnavailableException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer arrived (time-out, refused or reset connection). */
    public int status() {
        return status;
    }

    /**
     * True when the server says it refused the call before doing anything, so even a non-idempotent call may be sent
     * again: 429, 503, and lakeFS's 500 "branch is currently locked" (it could not take the branch's lock).
     */
    public boolean refusedBeforeWork() {
        String m = getMessage() == null ? "" : getMessage().toLowerCase(java.util.Locale.ROOT);
        return status == 429 || status == 503
                || status == 500 && (m.contains("currently locked") || m.contains("lock not acquired"));
    }
}
