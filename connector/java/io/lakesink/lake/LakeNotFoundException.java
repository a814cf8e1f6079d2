package io.lakesink.lake;

/** A repository, branch, ref, commit or object does not exist (lakeFS 404). */
public class LakeNotFoundException extends LakeException {
    public LakeNotFoundException(String message) {
        super(message);
    }
}
