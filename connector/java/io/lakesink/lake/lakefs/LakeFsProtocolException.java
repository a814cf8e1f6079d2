package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeException;

/**
 * The server answered something the lakeFS SDK could not read (the generated models reject a missing required
 * field or a wrong type with an unchecked {@link IllegalArgumentException}). Usually a server version the SDK
 * does not match, or a proxy answering in its place; retrying does not help.
 */
public class LakeFsProtocolException extends LakeException {
    public LakeFsProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
