package io.lakesink.lake.embedded;

import java.sql.SQLException;

/** Carries a SQLException out of an iterator; the lake unwraps and translates it at its boundary. */
final class SqlRuntimeException extends RuntimeException {
    SqlRuntimeException(SQLException cause) {
        super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
