package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeException;

/**
 * lakeFS refused the credentials (401) or the user's permissions (403). Not retryable: a person has to fix the
 * access key, the secret or the user's policies.
 */
public class LakeFsAuthenticationException extends LakeException {
    private final int status;

    public LakeFsAuthenticationException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** 401 (credentials not accepted) or 403 (accepted, but not allowed to do this). */
    public int status() {
        return status;
    }
}
