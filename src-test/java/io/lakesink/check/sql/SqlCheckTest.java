package io.lakesink.check.sql;

import io.lakesink.check.Check;
import io.lakesink.check.CheckResult;
import io.lakesink.check.RowRef;
import io.lakesink.check.CheckRunner;
import io.lakesink.check.FileCheckContext;
import io.lakesink.connect.config.LakeSinkConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlCheckTest {
    @TempDir
    Path dir;

    private static Check check(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        SqlCheckType type = new SqlCheckType();
        return type.create("c", new AbstractConfig(type.configDef(), props));
    }

    private FileCheckContext orders(long... amounts) throws Exception {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            rows.add(Map.of("id", (long) i, "amount", amounts[i]));
        }
        return new FileCheckContext(dir).withNew("orders", rows);
    }

    @Test
    void aQueryForBadRowsPassesWhenItFindsNone() throws Exception {
        Check c = check("sql", "SELECT * FROM orders WHERE amount < 0");
        assertTrue(c.run(orders(1, 2, 3)).passed());
        CheckResult bad = c.run(orders(1, -2, -3));
        assertFalse(bad.passed());
        assertEquals(2.0, bad.figure());
        assertTrue(bad.message().contains("2 row(s)") && bad.message().contains("amount=-2"), bad.message());
    }

    @Test
    void aResultWithKafkaCoordinatesNamesItsRowsAndOneWithoutJudgesTheCommit() throws Exception {
        // rows are written as the sink writes them: partition 0, offsets from 0
        FileCheckContext ctx = orders(-1, 5, -3).withNew("refunds", List.of(Map.of("id", 0L, "amount", -9L)));
        Set<RowRef> expected = Set.of(new RowRef("orders", 0, 0), new RowRef("orders", 0, 2));

        CheckResult all = check("sql", "SELECT * FROM orders WHERE amount < 0").run(ctx);
        assertEquals(expected, all.rows());
        assertTrue(all.namesRows());
        assertEquals(2.0, all.figure());
        CheckResult oneTopic = check("sql", "SELECT _kafka_partition, _kafka_offset FROM orders WHERE amount < 0")
                .run(ctx);
        assertEquals(expected, oneTopic.rows(), "one topic read: its name is implied");

        CheckResult values = check("sql", "SELECT amount FROM orders WHERE amount < 0").run(ctx);
        assertFalse(values.passed());
        assertNull(values.rows(), "no coordinates: the commit is judged as a whole");
        assertFalse(values.namesRows());
        CheckResult twoTopics = check("sql", "SELECT _kafka_partition, _kafka_offset FROM orders WHERE amount < 0"
                + " UNION ALL SELECT _kafka_partition, _kafka_offset FROM refunds WHERE amount < 0").run(ctx);
        assertNull(twoTopics.rows(), "two topics and no topic column: a partition and offset name no row");
        CheckResult withTopic = check("sql", "SELECT _kafka_topic, _kafka_partition, _kafka_offset FROM orders"
                + " WHERE amount < 0 UNION ALL SELECT _kafka_topic, _kafka_partition, _kafka_offset FROM refunds"
                + " WHERE amount < 0").run(ctx);
        assertEquals(3, withTopic.rows().size());
        assertTrue(withTopic.rows().contains(new RowRef("refunds", 0, 0)));
    }

    @Test
    void aValueIsComparedWithTheThreshold() throws Exception {
        Check atLeastThree = check("sql", "SELECT count(*) FROM orders", "threshold", "3", "operator", ">=");
        assertTrue(atLeastThree.run(orders(1, 2, 3)).passed());
        CheckResult tooFew = atLeastThree.run(orders(1, 2));
        assertFalse(tooFew.passed());
        assertEquals(2.0, tooFew.figure());
        assertTrue(tooFew.message().contains("2.0 >= 3.0"), tooFew.message());
        Check booleanValue = check("sql", "SELECT bool_and(amount > 0) FROM orders", "threshold", "1", "operator", "=");
        assertTrue(booleanValue.run(orders(1, 2)).passed());
        assertFalse(booleanValue.run(orders(1, -2)).passed());
    }

    @Test
    void newRowsCanBeComparedWithMain() throws Exception {
        Check noIdTwice = check("sql", "SELECT id FROM orders INTERSECT SELECT id FROM main_orders");
        FileCheckContext fresh = orders(5).withMain("orders", List.of(Map.of("id", 9L, "amount", 1L)));
        assertTrue(noIdTwice.run(fresh).passed());
        FileCheckContext repeated = orders(5).withMain("orders", List.of(Map.of("id", 0L, "amount", 1L)));
        assertFalse(noIdTwice.run(repeated).passed());
    }

    @Test
    void topicNamesWithDashesAreQuotedAndAMissingTopicPassesWhenNamed() throws Exception {
        FileCheckContext ctx = new FileCheckContext(dir).withNew("web-clicks", List.of(Map.of("page", "/")));
        assertTrue(check("sql", "SELECT * FROM \"web-clicks\" WHERE page IS NULL").run(ctx).passed());
        assertTrue(check("sql", "SELECT * FROM orders WHERE amount < 0", "topic", "orders").run(ctx).passed());
        CheckResult unnamed = new CheckRunner(List.of(check("sql", "SELECT * FROM orders"))).run(ctx).get(0);
        assertTrue(unnamed.couldNotRun(), "orders is no topic of this connector, so there is no such table: "
                + unnamed);
    }

    @Test
    void configurationErrorsNameTheFullKey() {
        Map<String, String> props = new HashMap<>(Map.of("lake.embedded.path", "/tmp/lake", "lake.repository", "shop",
                "kafka.bootstrap.servers", "localhost:9092", "checks", "no_negative,count",
                "checks.no_negative.type", "sql", "checks.count.type", "sql", "checks.count.sql", "SELECT 1",
                "checks.count.operator", "~"));
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue v : LakeSinkConfig.validate(props)) {
            if (!v.errorMessages().isEmpty()) {
                errors.put(v.name(), v.errorMessages());
            }
        }
        assertEquals(List.of("checks.count.operator", "checks.no_negative.sql").stream().sorted().toList(),
                errors.keySet().stream().sorted().toList(), errors.toString());
        assertTrue(errors.get("checks.no_negative.sql").get(0).contains("checks.no_negative.sql"));
        props.put("checks.no_negative.type", "regex");
        errors.clear();
        for (ConfigValue v : LakeSinkConfig.validate(props)) {
            v.errorMessages().forEach(m -> errors.put(v.name(), List.of(m)));
        }
        assertTrue(errors.get("checks.no_negative.type").get(0).contains("unknown check type 'regex'"), errors.toString());
    }

    private static Map<String, List<String>> validationErrors(String... keyValues) {
        Map<String, String> props = new HashMap<>(Map.of("lake.embedded.path", "/tmp/lake", "lake.repository", "shop",
                "kafka.bootstrap.servers", "localhost:9092", "checks", "leak", "checks.leak.type", "sql"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue v : LakeSinkConfig.validate(props)) {
            if (!v.errorMessages().isEmpty()) {
                errors.put(v.name(), v.errorMessages());
            }
        }
        return errors;
    }

    @Test
    void validateRefusesEverythingButOneReadOnlyQueryNamingTheKey() {
        for (String hostile : List.of("COPY (SELECT 1) TO '/tmp/x.csv'", "ATTACH '/tmp/x.db'", "INSTALL httpfs",
                "LOAD httpfs", "SET enable_external_access = true", "PRAGMA threads = 8", "CREATE TABLE t (i INT)",
                "SELECT 1; COPY (SELECT 1) TO '/tmp/x.csv'", "SELECT * FROM orders; SELECT 2")) {
            Map<String, List<String>> errors = validationErrors("checks.leak.sql", hostile);
            assertEquals(List.of("checks.leak.sql"), List.copyOf(errors.keySet()), hostile + ": " + errors);
            String message = errors.get("checks.leak.sql").get(0);
            assertTrue(message.contains("checks.leak.sql") && (message.contains("read-only query")
                    || message.contains("statements")), message);
        }
        String syntax = validationErrors("checks.leak.sql", "SELEC amount FROM orders").get("checks.leak.sql").get(0);
        assertTrue(syntax.contains("checks.leak.sql") && syntax.contains("syntax error at or near \"SELEC\""), syntax);
        assertEquals(Map.of(), validationErrors("checks.leak.sql",
                "WITH neg AS (SELECT * FROM orders WHERE amount < 0) SELECT * FROM neg"));
        assertEquals(Map.of(), validationErrors("checks.leak.sql", "SELECT 1", "duckdb.memory.limit", "2GB",
                "duckdb.threads", "2"));
        assertTrue(validationErrors("checks.leak.sql", "SELECT 1", "duckdb.memory.limit", "lots")
                .containsKey("duckdb.memory.limit"));
        assertTrue(validationErrors("checks.leak.sql", "SELECT 1", "duckdb.threads", "0")
                .containsKey("duckdb.threads"));
    }

    /** A read-only query that reaches for a file of the worker's fails, and the file's content goes nowhere. */
    @Test
    void aCheckCannotReadTheWorkersFiles() throws Exception {
        Path secret = dir.resolve("worker-secret.csv");
        java.nio.file.Files.writeString(secret, "name,value\napi_key,leaked-4711\n");
        for (String sql : List.of("SELECT * FROM read_csv('" + secret + "')", "SELECT * FROM read_text('" + secret + "')",
                "SELECT * FROM read_text('/etc/passwd')", "SELECT * FROM glob('/*')")) {
            assertEquals(Map.of(), validationErrors("checks.leak.sql", sql), "read-only, so validate lets it through");
            CheckResult result = new CheckRunner(List.of(check("sql", sql))).run(orders(1, 2)).get(0);
            assertFalse(result.passed(), sql);
            assertTrue(result.message().contains("could not run") && result.message().contains("Permission Error"),
                    result.message());
            assertFalse(result.message().contains("leaked-4711") || result.message().contains("root:x"),
                    result.message());
        }
    }

    /** The README's check on a commit that holds customers but no orders: orders is an empty view, so it passes. */
    @Test
    void everyTopicTheQueryNamesIsAViewEvenWithoutNewRows() throws Exception {
        Check positive = check("sql", "SELECT order_id, amount FROM orders WHERE amount <= 0");
        FileCheckContext customersOnly = new FileCheckContext(dir)
                .withNew("customers", List.of(Map.of("id", 1L, "email", "a@b.c")))
                .withMain("orders", List.of(Map.of("order_id", 1L, "amount", 5L)))
                .withConnectorTopics("orders", "customers");
        CheckResult result = new CheckRunner(List.of(positive)).run(customersOnly).get(0);
        assertTrue(result.passed(), result.toString());
        assertEquals(0, customersOnly.mainListings(), "main is not listed for a query that does not read main_orders");

        Check atLeastOneOrder = check("sql", "SELECT count(*) FROM orders", "threshold", "1", "operator", ">=");
        assertFalse(new CheckRunner(List.of(atLeastOneOrder)).run(customersOnly).get(0).passed(),
                "the empty view counts no rows");

        FileCheckContext neverSeen = new FileCheckContext(dir)
                .withNew("customers", List.of(Map.of("id", 1L, "email", "a@b.c"))).withConnectorTopics("orders");
        CheckResult cold = new CheckRunner(List.of(positive)).run(neverSeen).get(0);
        assertTrue(cold.couldNotRun(), cold.toString());
        assertTrue(cold.message().contains("orders had no rows yet") && cold.message().contains("checks.c.topic"),
                cold.message());
        assertEquals(0L, ((Number) new CheckRunner(List.of(check("sql", "SELECT count(*) FROM orders", "threshold",
                "0", "operator", "="))).run(neverSeen).get(0).figure()).longValue());
    }

    @Test
    void mainIsListedOnlyWhenTheQueryReadsIt() throws Exception {
        FileCheckContext ctx = orders(1, 2).withMain("orders", List.of(Map.of("id", 7L, "amount", 1L)));
        assertTrue(check("sql", "WITH neg AS (SELECT * FROM orders WHERE amount < 0) SELECT * FROM neg").run(ctx)
                .passed());
        assertEquals(0, ctx.mainListings());
        assertFalse(check("sql", "SELECT o.id FROM orders o JOIN main_orders m ON o.amount = m.amount").run(ctx)
                .passed());
        assertEquals(1, ctx.mainListings());
        FileCheckContext first = orders(1, 2);
        assertTrue(check("sql", "SELECT id FROM orders INTERSECT SELECT id FROM main_orders").run(first).passed(),
                "on the first commit main_orders is an empty view with the topic's columns");
    }

    @Test
    void aCheckThatCannotRunIsToldApartFromOneThatFoundBadRows() throws Exception {
        CheckResult missingColumn = new CheckRunner(List.of(check("sql", "SELECT * FROM orders WHERE price < 0")))
                .run(orders(1, 2)).get(0);
        assertTrue(missingColumn.couldNotRun(), missingColumn.toString());
        assertTrue(missingColumn.message().contains("Binder Error") && missingColumn.message().contains("price"),
                missingColumn.message());
        assertFalse(missingColumn.message().contains("Attempting to execute"), missingColumn.message());
        CheckResult found = new CheckRunner(List.of(check("sql", "SELECT * FROM orders WHERE amount < 0")))
                .run(orders(1, -2)).get(0);
        assertEquals(CheckResult.Outcome.FAILED, found.outcome());
    }

    @Test
    void crossKeyAndClassProblemsFailValidateBeforeTheFirstRecord() {
        Map<String, List<String>> minMax = validationErrors("checks", "rows", "checks.rows.type", "row-count",
                "checks.rows.min", "10", "checks.rows.max", "5");
        assertTrue(minMax.get("checks.rows.max").get(0).contains("less than min"), minMax.toString());
        Map<String, List<String>> missing = validationErrors("checks", "mine", "checks.mine.type", "class",
                "checks.mine.class", "com.example.NoSuchCheck");
        assertTrue(missing.get("checks.mine.class").get(0).contains("no such class"), missing.toString());
        Map<String, List<String>> notACheck = validationErrors("checks", "mine", "checks.mine.type", "class",
                "checks.mine.class", "java.lang.String");
        assertTrue(notACheck.get("checks.mine.class").get(0).contains("does not implement"), notACheck.toString());
        Map<String, List<String>> hook = validationErrors("checks", "hook", "checks.hook.type", "webhook",
                "checks.hook.url", "file:///etc/passwd");
        assertTrue(hook.get("checks.hook.url").get(0).contains("http or https"), hook.toString());
    }
}
