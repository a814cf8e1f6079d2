package io.lakesink.check.sql;

import io.lakesink.check.CheckContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A DuckDB session over a commit's data ({@link TopicViews}), for checks that ask SQL a question. */
public final class Duck implements AutoCloseable {
    private final Connection connection;

    public Duck(CheckContext context) throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        TopicViews.create(connection, context);
    }

    /** The first value of a query's first row, or null. */
    public Object scalar(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    public static String quote(String name) {
        return TopicViews.quote(name);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
