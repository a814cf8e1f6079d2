package io.lakesink.lake;

/**
 * A precondition of the request did not hold (lakeFS 412): an object exists where "only if absent" was
 * asked, or a lakeFS pre-merge / pre-commit hook rejected the operation (the message names the hook).
 */
public class LakePreconditionFailedException extends LakeException {
    public LakePreconditionFailedException(String message) {
        super(message);
    }
}
