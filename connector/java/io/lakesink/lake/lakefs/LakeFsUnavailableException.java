package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeUnavailableException;

/**
 * lakeFS could not serve the call now: 429, 5xx, or no answer in time ({@code status} 0). For 429 and 503 the
 * server did not do the work; after a time-out or a 500 it may have.
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

    /** True when the server says it refused the call before doing anything, so even a non-idempotent call may be sent again. */
    public boolean refusedBeforeWork() {
        return status == 429 || status == 503;
    }
}
