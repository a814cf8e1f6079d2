package io.lakesink.sql;

/** A query LakeSink will not run: not exactly one read-only statement, or it does not parse. */
public final class ForbiddenQueryException extends IllegalArgumentException {
    public ForbiddenQueryException(String message) {
        super(message);
    }
}
