package io.lakesink.lake;

/** The request itself is malformed (lakeFS 400): a bad name, path or option; the message states the rule. */
public class LakeInvalidArgumentException extends LakeException {
    public LakeInvalidArgumentException(String message) {
        super(message);
    }

    public LakeInvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
