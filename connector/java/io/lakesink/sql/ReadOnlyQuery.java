package io.lakesink.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

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

    /**
     * The names the query reads from as tables (topics, {@code main_<topic>}, and also its own CTE names), as
     * written; so that a session offers only the views a query needs.
     *
     * @throws ForbiddenQueryException unless {@code sql} is one read-only query
     */
    public static Set<String> tablesReferenced(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new ForbiddenQueryException("the query is empty");
        }
        try (SqlSandbox parser = SqlSandbox.empty()) {
            String problem = problem(parser.connection(), sql);
            if (problem != null) {
                throw new ForbiddenQueryException(problem);
            }
            Set<String> tables = new LinkedHashSet<>();
            collectTables(parse(parser.connection(), sql), tables);
            return tables;
        } catch (SQLException | IOException e) {
            throw new ForbiddenQueryException("DuckDB could not parse the query: " + e.getMessage());
        }
    }

    private static void collectTables(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            if ("BASE_TABLE".equals(node.path("type").asText()) && node.hasNonNull("table_name")) {
                into.add(node.get("table_name").asText());
            }
            node.elements().forEachRemaining(child -> collectTables(child, into));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectTables(child, into));
        }
    }

    private static JsonNode parse(Connection duck, String sql) throws SQLException, IOException {
        try (PreparedStatement s = duck.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
            s.setString(1, sql);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return JSON.readTree(rs.getString(1));
            }
        }
    }

    static String problem(Connection duck, String sql) throws SQLException {
        JsonNode parsed;
        try {
            parsed = parse(duck, sql);
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
