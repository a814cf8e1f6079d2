package io.lakesink.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether a text is exactly one read-only query (SELECT, WITH ... SELECT, VALUES, FROM ..., set operations), as
 * DuckDB's own parser sees it. Anything else a user could hand a check or {@code lakesink query} (COPY, ATTACH,
 * INSTALL, LOAD, SET, PRAGMA, CREATE, a second statement after ';') is refused before it runs. The sandbox would
 * stop most of them too; refusing them first gives the user a clear message instead of a permission error, and
 * keeps statements that change the session itself (SET, CREATE) out altogether.
 */
public final class ReadOnlyQuery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadOnlyQuery() {
    }

    /** Why {@code sql} may not run, in words naming DuckDB's own message where it has one; null when it may. */
    public static String problem(String sql) {
        if (sql == null || sql.isBlank()) {
            return "the query is empty";
        }
        try (SqlSandbox parser = SqlSandbox.empty()) {
            return problem(parser.connection(), sql);
        } catch (SQLException e) {
            return "DuckDB could not parse the query: " + SqlSandbox.describe(e);
        }
    }

    /** Throws {@link ForbiddenQueryException} unless {@code sql} is one read-only query. */
    public static void require(String sql) {
        String problem = problem(sql);
        if (problem != null) {
            throw new ForbiddenQueryException(problem);
        }
    }

    static String problem(Connection duck, String sql) throws SQLException {
        JsonNode parsed;
        try (PreparedStatement s = duck.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
            s.setString(1, sql);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                parsed = JSON.readTree(rs.getString(1));
            }
        } catch (IOException e) {
            return "DuckDB's parser gave an answer that is not JSON: " + e.getMessage();
        }
        if (parsed.path("error").asBoolean(false)) {
            String message = parsed.path("error_message").asText("");
            if ("parser".equals(parsed.path("error_type").asText())) {
                return "DuckDB cannot parse the query: " + message;
            }
            return "only a read-only query may run (SELECT, WITH ... SELECT, VALUES or FROM ...); DuckDB says: "
                    + message;
        }
        int statements = parsed.path("statements").size();
        if (statements != 1) {
            return "exactly one read-only query may run, but the text holds " + statements
                    + " statements (a second statement after ';' is not allowed)";
        }
        return null;
    }
}
