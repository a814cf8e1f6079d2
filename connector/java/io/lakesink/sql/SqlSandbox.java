package io.lakesink.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A DuckDB session for SQL that LakeSink does not trust (a check's query, {@code lakesink query}): it can read the
 * Parquet files it was given, as views, and nothing else. DuckDB's own settings do the enforcing: external access
 * is off except for exactly those files, extensions are neither installed nor loaded, temporary files stay in the
 * scratch directory, memory and threads are bounded, and the configuration is locked before any untrusted text
 * runs, so a query cannot loosen any of it. Every query is first required to be one read-only statement.
 */
public final class SqlSandbox implements AutoCloseable {
    private static final String PENDING_RESULT = "Attempting to execute an unsuccessful or closed pending query result";
    private static final int MESSAGE_CHARS = 600;

    private final Connection connection;

    private SqlSandbox(Connection connection) {
        this.connection = connection;
    }

    /** What to make of a query's rows. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /**
     * A session in which each entry of {@code views} is a view (named as given, quoted) over its Parquet files, and
     * those files are all it can read. DuckDB spills to {@code scratch/duckdb-tmp}.
     */
    public static SqlSandbox open(SqlLimits limits, Path scratch, Map<String, List<Path>> views) throws SQLException {
        return open(limits, scratch, views.entrySet().stream().map(v -> ParquetView.of(v.getKey(), v.getValue()))
                .toList());
    }

    /** A session offering these views, which can read their files and nothing else. */
    public static SqlSandbox open(SqlLimits limits, Path scratch, List<ParquetView> views) throws SQLException {
        Set<Path> readable = new LinkedHashSet<>();
        views.forEach(v -> readable.addAll(v.files()));
        Path temp = scratch.toAbsolutePath().normalize().resolve("duckdb-tmp");
        try {
            Files.createDirectories(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create DuckDB's scratch directory " + temp, e);
        }
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try {
            restrict(c, limits, readable, temp);
            try (Statement s = c.createStatement()) {
                for (ParquetView view : views) {
                    s.execute("CREATE VIEW " + quote(view.name()) + " AS " + select(view));
                }
                s.execute("SET lock_configuration = true");
            }
            return new SqlSandbox(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A session that can read no file at all: for parsing. */
    static SqlSandbox empty() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try {
            restrict(c, new SqlLimits("64MB", 1), Set.of(), null);
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_configuration = true");
            }
            return new SqlSandbox(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static void restrict(Connection c, SqlLimits limits, Collection<Path> readable, Path temp)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            // the allow-lists are only honoured, and only settable, before external access is switched off
            if (!readable.isEmpty()) {
                s.execute("SET allowed_paths = " + list(readable));
            }
            s.execute("SET temp_directory = " + literal(temp == null ? "" : temp.toString()));
            s.execute("SET memory_limit = " + literal(limits.memoryLimit().trim()));
            s.execute("SET threads = " + limits.threads());
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            s.execute("SET allow_community_extensions = false");
            s.execute("SET enable_external_access = false");
        }
    }

    /** Runs {@code sql}, which must be one read-only query, and reads its rows. */
    public <T> T query(String sql, Rows<T> reader) throws SQLException {
        String problem = ReadOnlyQuery.problem(connection, sql);
        if (problem != null) {
            throw new ForbiddenQueryException(problem);
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return reader.read(rs);
        }
    }

    /** The first value of the query's first row, or null. */
    public Object scalar(String sql) throws SQLException {
        return query(sql, rs -> rs.next() ? rs.getObject(1) : null);
    }

    Connection connection() {
        return connection;
    }

    /**
     * DuckDB's own message for a failed query, on one line. The JDBC driver wraps most errors in "Attempting to
     * execute an unsuccessful or closed pending query result", which says nothing about the cause.
     */
    public static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int pending = message.indexOf(PENDING_RESULT);
        if (pending >= 0) {
            int cause = message.indexOf("Error: ", pending + PENDING_RESULT.length());
            if (cause >= 0) {
                message = message.substring(cause + "Error: ".length());
            }
        }
        message = message.replaceAll("\\s+", " ").trim();
        return message.length() > MESSAGE_CHARS ? message.substring(0, MESSAGE_CHARS) + "..." : message;
    }

    /** An identifier as DuckDB reads it, whatever characters the name holds. */
    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String list(Collection<Path> files) {
        return files.stream().map(f -> literal(f.toAbsolutePath().normalize().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String select(ParquetView view) {
        if (!view.columnsKnown()) {
            return "SELECT NULL AS " + ParquetView.NO_ROWS_YET + " WHERE false";
        }
        return "SELECT * FROM read_parquet(" + list(view.files()) + ", union_by_name = true)"
                + (view.rows() ? "" : " LIMIT 0");
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
