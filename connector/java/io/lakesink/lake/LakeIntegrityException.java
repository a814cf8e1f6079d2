package io.lakesink.lake;

/**
 * The lake's integrity is at stake: stored bytes or metadata are damaged (a checksum mismatch, a corrupt or lost
 * database), or using the lake now would damage it (a second copy of LakeSink's classes in one JVM). No retry
 * can fix it; an operator must act (docs/operations.md, "Damaged lake"), so callers stop instead of retrying and
 * never serve what they read.
 */
public class LakeIntegrityException extends LakeException {
    public LakeIntegrityException(String message) {
        super(message);
    }

    public LakeIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
