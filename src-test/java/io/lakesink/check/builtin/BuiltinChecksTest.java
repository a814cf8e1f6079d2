package io.lakesink.check.builtin;

import com.sun.net.httpserver.HttpServer;
import io.lakesink.check.Check;
import io.lakesink.check.CheckContext;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckType;
import io.lakesink.check.catalog.CheckTypes;
import io.lakesink.check.FileCheckContext;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each built-in check type passes good data and fails bad data, on real Parquet files. */
class BuiltinChecksTest {
    @TempDir
    Path dir;

    private static Check check(CheckType type, String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return type.create("c", new AbstractConfig(type.configDef(), props));
    }

    private FileCheckContext orders(int count, Long amountOfLast) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", (long) i);
            row.put("amount", i == count - 1 ? amountOfLast : Long.valueOf(i));
            rows.add(row);
        }
        return new FileCheckContext(dir).withNew("orders", rows);
    }

    @Test
    void everyTypeIsRegisteredByItsName() {
        for (String name : List.of("sql", "row-count", "not-null", "schema", "freshness", "webhook", "class")) {
            assertEquals(name, CheckTypes.byName(name).type());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckTypes.byName("nope"));
        assertTrue(e.getMessage().contains("row-count"), e.getMessage());
    }

    @Test
    void rowCountKeepsEachTopicWithinItsBounds() throws Exception {
        Check c = check(new RowCountCheckType(), "min", "2", "max", "3");
        assertTrue(c.run(orders(3, 1L)).passed());
        CheckResult tooMany = c.run(orders(4, 1L));
        assertFalse(tooMany.passed());
        assertEquals(4.0, tooMany.figure());
        assertFalse(c.run(orders(1, 1L)).passed());
    }

    @Test
    void notNullFailsOnNullsAndMissingColumns() throws Exception {
        Check strict = check(new NotNullCheckType(), "columns", "id,amount");
        assertTrue(strict.run(orders(4, 3L)).passed());
        CheckResult nulls = strict.run(orders(4, null));
        assertFalse(nulls.passed());
        assertEquals(0.25, nulls.figure(), 1e-9);
        assertTrue(nulls.message().contains("25.0% of amount in orders are null"), nulls.message());
        assertTrue(check(new NotNullCheckType(), "columns", "amount", "max.null.fraction", "0.3")
                .run(orders(4, null)).passed());
        CheckResult missing = check(new NotNullCheckType(), "columns", "customer").run(orders(2, 1L));
        assertFalse(missing.passed());
        assertTrue(missing.message().contains("column customer is missing from orders"), missing.message());
    }

    @Test
    void schemaRefusesNarrowedTypesAndDroppedColumnsAsConfigured() throws Exception {
        List<Map<String, Object>> mainRows = List.of(Map.of("id", 1L, "amount", 2.5, "note", "x"));
        FileCheckContext wider = new FileCheckContext(dir).withMain("orders", mainRows)
                .withNew("orders", List.of(Map.of("id", 2L, "amount", 3.5, "note", "y", "extra", true)));
        assertTrue(check(new SchemaCheckType()).run(wider).passed(), "an added column is backward compatible");
        CheckResult full = check(new SchemaCheckType(), "compatibility", "full").run(wider);
        assertFalse(full.passed());
        assertTrue(full.message().contains("orders.extra was added"), full.message());

        FileCheckContext narrowed = new FileCheckContext(dir).withMain("orders", mainRows)
                .withNew("orders", List.of(Map.of("id", 2L, "amount", "cheap", "note", "y")));
        CheckResult changed = check(new SchemaCheckType()).run(narrowed);
        assertFalse(changed.passed());
        assertTrue(changed.message().contains("orders.amount changed from DOUBLE to VARCHAR"), changed.message());
        assertTrue(check(new SchemaCheckType(), "compatibility", "none").run(narrowed).passed());

        FileCheckContext firstTime = new FileCheckContext(dir).withNew("orders", mainRows);
        assertTrue(check(new SchemaCheckType()).run(firstTime).passed(), "a topic new to main always passes");
    }

    @Test
    void freshnessMeasuresTheNewestEventsAge() throws Exception {
        // FileCheckContext writes every row with a Kafka timestamp of 1_700_000_000_000
        Clock tenSecondsLater = Clock.fixed(Instant.ofEpochMilli(1_700_000_010_000L), ZoneOffset.UTC);
        FreshnessCheckType type = new FreshnessCheckType(tenSecondsLater);
        CheckResult fresh = check(type, "max.age.ms", "60000").run(orders(2, 1L));
        assertTrue(fresh.passed(), fresh.message());
        assertEquals(10_000.0, fresh.figure());
        assertFalse(check(type, "max.age.ms", "5000").run(orders(2, 1L)).passed());
    }

    @Test
    void aWebhookPassesOn2xxAndFailsWithTheStatusAndBody() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/check", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.set(body);
            boolean bad = body.contains("\"BAD\"");
            byte[] answer = (bad ? "{\"message\": \"rejected: expectation amount_positive failed\"}" : "ok")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(bad ? 422 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/check";
            Check hook = check(new WebhookCheckType(), "url", url, "timeout.ms", "5000");
            assertTrue(hook.run(orders(2, 1L)).passed());
            assertTrue(received.get().contains("\"commit\":\"c0ffee\"") && received.get().contains("\"topics\":[\"orders\"]"),
                    received.get());
            FileCheckContext marked = new FileCheckContext(dir).withNew("BAD", List.of(Map.of("id", 1L)));
            CheckResult rejected = hook.run(marked);
            assertFalse(rejected.passed());
            assertTrue(rejected.message().contains("422") && rejected.message().contains("amount_positive"),
                    rejected.message());
        } finally {
            server.stop(0);
        }
        CheckResult down = check(new WebhookCheckType(), "url", "http://127.0.0.1:1/none", "timeout.ms", "2000")
                .run(orders(1, 1L));
        assertFalse(down.passed());
        assertTrue(down.message().contains("did not answer"), down.message());
    }

    /** A service that echoes the request (our bearer token included) never gets its body into the lake. */
    @Test
    void aWebhookKeepsOnlyTheStatusAndAShortReasonNeverTheBody() throws Exception {
        String token = "Bearer tok-0123456789abcdef";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            String echoed = "Authorization: " + exchange.getRequestHeaders().getFirst("Authorization") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = echoed.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/json", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] answer = ("{\"reason\": \"denied for " + auth + " " + "x".repeat(1000) + "\", \"request\": \""
                    + auth + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            CheckResult echoed = check(new WebhookCheckType(), "url", base + "/echo", "authorization", token)
                    .run(orders(2, 1L));
            assertFalse(echoed.passed());
            assertEquals("the webhook answered 500", echoed.message());
            CheckResult json = check(new WebhookCheckType(), "url", base + "/json", "authorization", token)
                    .run(orders(2, 1L));
            assertFalse(json.passed());
            assertTrue(json.message().startsWith("the webhook answered 403: denied for"), json.message());
            assertFalse(json.message().contains("tok-0123456789abcdef"), json.message());
            assertTrue(json.message().length() < 300, json.message());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aWebhookUrlMustBeHttpOrHttpsWithAHost() {
        for (String url : List.of("file:///etc/passwd", "ftp://example.com/x", "jar:file:/x.jar!/", "http:///nohost",
                "localhost:8080/check", "not a url")) {
            ConfigException e = assertThrows(ConfigException.class, () -> check(new WebhookCheckType(), "url", url),
                    url);
            assertTrue(e.getMessage().contains("url"), e.getMessage());
        }
        check(new WebhookCheckType(), "url", "https://quality.example.com/check");
    }

    /** A user's check, as it would come from the plugin path. */
    public static final class OddIdsOnly implements Check {
        private final String name;
        private final String marker;

        public OddIdsOnly(String name, Map<String, String> config) {
            this.name = name;
            this.marker = config.getOrDefault("marker", "");
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CheckResult run(CheckContext context) {
            return context.topics().contains(marker) ? CheckResult.fail(name, 1, "marker topic " + marker + " seen")
                    : CheckResult.pass(name, 0, "no marker");
        }
    }

    @Test
    void aUserClassIsLoadedAndGivenItsOwnKeys() throws Exception {
        Check c = check(new ClassCheckType(), "class", OddIdsOnly.class.getName(), "marker", "orders");
        assertFalse(c.run(orders(1, 1L)).passed());
        assertThrows(ConfigException.class, () -> check(new ClassCheckType(), "class", "no.such.Check"));
        assertThrows(ConfigException.class, () -> check(new ClassCheckType(), "class", String.class.getName()));
    }

    @Test
    void requiredKeysAreEnforcedByEachTypesConfigDef() {
        assertThrows(ConfigException.class, () -> check(new NotNullCheckType()));
        assertThrows(ConfigException.class, () -> check(new FreshnessCheckType()));
        assertThrows(ConfigException.class, () -> check(new WebhookCheckType()));
        assertThrows(ConfigException.class, () -> check(new RowCountCheckType(), "min", "-1"));
    }
}
