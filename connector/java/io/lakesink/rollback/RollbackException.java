package io.lakesink.rollback;

/**
 * A rollback that cannot go ahead as asked; the message says why and what to do, and nothing was changed
 * unless it says otherwise.
 */
public class RollbackException extends RuntimeException {
    public RollbackException(String message) {
        super(message);
    }

    public RollbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
