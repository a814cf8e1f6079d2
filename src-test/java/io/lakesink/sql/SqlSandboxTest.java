package io.lakesink.sql;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What untrusted SQL can and cannot do: hostile statements against a real DuckDB with the sandbox's settings. */
class SqlSandboxTest {
    private static final String SECRET = "s3cr3t-marker-4711";

    @TempDir
    Path dir;
    private Path scratch;
    private Path orders;
    private Path secret;
    private Path elsewhere;

    @BeforeEach
    void files() throws Exception {
        scratch = Files.createDirectories(dir.resolve("scratch"));
        Path data = Files.createDirectories(dir.resolve("lake"));
        orders = data.resolve("orders.parquet");
        elsewhere = data.resolve("other-repository.parquet");
        secret = dir.resolve("secret.csv");
        Files.writeString(secret, "user,password\nroot," + SECRET + "\n");
        try (var duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT range AS id, range * 10 AS amount FROM range(5)) TO '" + orders + "' (FORMAT parquet)");
            s.execute("COPY (SELECT '" + SECRET + "' AS secret) TO '" + elsewhere + "' (FORMAT parquet)");
        }
    }

    private SqlSandbox sandbox() throws SQLException {
        return SqlSandbox.open(new SqlLimits("128MB", 1), scratch, Map.of("orders", List.of(orders)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM orders WHERE amount < 0",
            "WITH big AS (SELECT * FROM orders WHERE amount > 10) SELECT count(*) FROM big",
            "VALUES (1), (2)",
            "FROM orders",
            "SELECT id FROM orders UNION ALL SELECT 1",
            "SELECT count(*) FROM (DESCRIBE SELECT * FROM orders) WHERE column_name = 'id'",
            "SELECT 1;",
            "  select 1 -- a comment\n"})
    void oneReadOnlyQueryIsAccepted(String sql) {
        assertNull(ReadOnlyQuery.problem(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "COPY (SELECT 1) TO '/tmp/lakesink-sandbox-x.csv'",
            "COPY orders TO '/tmp/lakesink-sandbox-x.parquet'",
            "ATTACH '/tmp/lakesink-sandbox.db' AS other",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SET enable_external_access = true",
            "SET lock_configuration = false",
            "RESET memory_limit",
            "PRAGMA threads = 8",
            "CREATE TABLE t AS SELECT 1",
            "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')",
            "DROP VIEW orders",
            "INSERT INTO orders VALUES (1, 2)",
            "EXPORT DATABASE '/tmp/lakesink-sandbox-export'",
            "CALL pragma_version()",
            "SELECT 1; COPY (SELECT 1) TO '/tmp/lakesink-sandbox-x.csv'",
            "SELECT 1; SELECT 2",
            "DETACH memory",
            "USE other"})
    void everythingButOneReadOnlyQueryIsRefusedBeforeItRuns(String sql) throws Exception {
        String problem = ReadOnlyQuery.problem(sql);
        assertNotNull(problem, sql);
        try (SqlSandbox duck = sandbox()) {
            assertThrows(ForbiddenQueryException.class, () -> duck.query(sql, rs -> null), sql);
            assertEquals(5L, ((Number) duck.scalar("SELECT count(*) FROM orders")).longValue(), "the view is intact");
        }
        assertFalse(Files.exists(Path.of("/tmp/lakesink-sandbox-x.csv")));
        assertFalse(Files.exists(Path.of("/tmp/lakesink-sandbox.db")));
    }

    @Test
    void syntaxErrorsQuoteDuckDbsParserAndEmptyTextIsRefused() {
        String problem = ReadOnlyQuery.problem("SELEC * FROM orders");
        assertTrue(problem.contains("syntax error at or near"), problem);
        assertTrue(ReadOnlyQuery.problem("SELECT 1; SELECT 2").contains("2 statements"));
        assertNotNull(ReadOnlyQuery.problem(""));
        assertNotNull(ReadOnlyQuery.problem("   "));
        assertNotNull(ReadOnlyQuery.problem(null));
        assertNotNull(ReadOnlyQuery.problem("-- only a comment"));
    }

    /** Read-only statements that reach outside the files they were given fail inside the sandbox. */
    @Test
    void readOnlyQueriesSeeOnlyTheFilesTheyWereGiven() throws Exception {
        List<String> hostile = List.of(
                "SELECT * FROM read_csv('" + secret + "')",
                "SELECT * FROM read_csv_auto('" + secret + "')",
                "SELECT * FROM read_text('" + secret + "')",
                "SELECT * FROM read_blob('" + secret + "')",
                "SELECT * FROM read_text('/etc/passwd')",
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM sniff_csv('" + secret + "')",
                "SELECT * FROM glob('/*')",
                "SELECT * FROM glob('" + dir + "/*')",
                "SELECT * FROM read_parquet('" + elsewhere + "')",
                "SELECT * FROM read_parquet('" + dir + "/lake/*')",
                "SELECT * FROM read_parquet('" + orders.getParent() + "/../lake/other-repository.parquet')",
                "SELECT * FROM read_parquet('" + scratch + "/../secret.csv')",
                "SELECT * FROM parquet_metadata('" + elsewhere + "')",
                "SELECT * FROM read_json('" + secret + "')",
                "SELECT * FROM query('COPY (SELECT 1) TO ''" + dir + "/x.csv''')",
                "SELECT getenv('HOME')",
                "SELECT * FROM duckdb_extensions() WHERE installed",
                "SELECT * FROM '" + secret + "'");
        try (SqlSandbox duck = sandbox()) {
            for (String sql : hostile) {
                assertNull(ReadOnlyQuery.problem(sql), "a read-only query, so the sandbox itself must stop it: " + sql);
                SQLException e = assertThrows(SQLException.class, () -> duck.query(sql, rs -> {
                    StringBuilder all = new StringBuilder();
                    while (rs.next()) {
                        all.append(rs.getString(1));
                    }
                    return all.toString();
                }), sql);
                String message = SqlSandbox.describe(e);
                assertFalse(message.contains(SECRET) || message.contains("root:x:"), message);
                assertFalse(message.contains("Attempting to execute an unsuccessful"), message);
            }
            assertEquals(5L, ((Number) duck.scalar("SELECT count(*) FROM orders")).longValue());
            assertEquals(5L, ((Number) duck.scalar("SELECT count(*) FROM read_parquet('" + orders + "')")).longValue(),
                    "a file it was given can be named directly");
        }
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }

    /** Even a statement that gets past the parser check (here sent straight to the session) cannot loosen it. */
    @Test
    void theSessionItselfRefusesWritesExtensionsAndConfigurationChanges() throws Exception {
        Path outside = dir.resolve("written.csv");
        try (SqlSandbox duck = sandbox(); Statement s = duck.connection().createStatement()) {
            for (String sql : List.of(
                    "COPY (SELECT 1) TO '" + outside + "'",
                    "COPY (SELECT 1) TO '" + scratch.resolve("duckdb-tmp/x.csv") + "'",
                    "ATTACH '" + dir.resolve("other.db") + "'",
                    "INSTALL httpfs",
                    "LOAD httpfs",
                    "SET enable_external_access = true",
                    "SET allowed_directories = ['/']",
                    "SET allowed_paths = ['/etc/passwd']",
                    "SET memory_limit = '100GB'",
                    "SET threads = 64",
                    "SET lock_configuration = false",
                    "RESET lock_configuration",
                    "SET temp_directory = '/tmp'")) {
                assertThrows(SQLException.class, () -> s.execute(sql), sql);
            }
            assertEquals("1", String.valueOf(duck.scalar("SELECT current_setting('threads')")));
            assertTrue(String.valueOf(duck.scalar("SELECT current_setting('memory_limit')")).contains("MiB"));
            assertEquals(scratch.resolve("duckdb-tmp").toString(),
                    duck.scalar("SELECT current_setting('temp_directory')"));
            assertEquals(false, duck.scalar("SELECT current_setting('enable_external_access')"));
        }
        assertFalse(Files.exists(outside));
        assertFalse(Files.exists(dir.resolve("other.db")));
        try (Stream<Path> left = Files.walk(dir)) {
            assertEquals(List.of(), left.filter(p -> !p.startsWith(scratch) && Files.isRegularFile(p))
                    .filter(p -> !p.equals(orders) && !p.equals(elsewhere) && !p.equals(secret)).toList(),
                    "nothing written outside the scratch directory");
        }
    }

    @Test
    void limitsMustBeSizesAndThreadsAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new SqlLimits("lots", 1));
        assertThrows(IllegalArgumentException.class, () -> new SqlLimits("512MB'; SET threads=64; --", 1));
        assertThrows(IllegalArgumentException.class, () -> new SqlLimits("512MB", 0));
        assertEquals("2GB", new SqlLimits("2GB", 2).memoryLimit());
    }

    @Test
    void describeGivesDuckDbsOwnMessage() throws Exception {
        try (SqlSandbox duck = sandbox()) {
            SQLException e = assertThrows(SQLException.class, () -> duck.scalar("SELECT no_such_column FROM orders"));
            String message = SqlSandbox.describe(e);
            assertTrue(message.startsWith("Binder Error"), message);
            assertTrue(message.contains("no_such_column"), message);
        }
    }
}
