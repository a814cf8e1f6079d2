package io.lakesink.commit;

/**
 * The commit protocol cannot go on, and trying again cannot change that: another writer on the ingest branch, or
 * too many failed cycles in a row. The task fails with this message, which Connect shows in the task's status.
 */
public class CommitStoppedException extends RuntimeException {
    public CommitStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
