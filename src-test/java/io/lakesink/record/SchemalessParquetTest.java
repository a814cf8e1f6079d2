package io.lakesink.record;

import static io.lakesink.record.Records.schemaless;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schemaless JSON maps: schema inferred per file, widened as records arrive, read back with DuckDB. */
class SchemalessParquetTest {

    private static DuckDb duck;

    @TempDir
    Path dir;

    private final RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);

    @BeforeAll
    static void openDuckDb() throws Exception {
        duck = new DuckDb();
    }

    @AfterAll
    static void closeDuckDb() throws Exception {
        duck.close();
    }

    @Test
    void recordsThatFitKeepTheSchemaInstanceAndTheFile() {
        ConvertedRecord first = converter.convert(schemaless(Map.of("id", 1, "name", "a"), 0), null);
        ConvertedRecord second = converter.convert(schemaless(Map.of("name", "b"), 1), first.schema());
        ConvertedRecord third = converter.convert(schemaless(Map.of("id", 3), 2), second.schema());
        assertSame(first.schema(), second.schema());
        assertSame(first.schema(), third.schema());
        assertTrue(!third.needsNewFile(first.schema()));
    }

    @Test
    void numbersWidenFieldsAreAddedAndConflictsBecomeText() throws Exception {
        Map<String, Object> nested = new HashMap<>();
        nested.put("n", 1);
        List<WrittenFile> files = Records.writeAll(converter, dir, ParquetSettings.DEFAULT, List.of(
                schemaless(Map.of("id", 1, "x", 10), 0),
                schemaless(Map.of("id", 2, "x", 3_000_000_000L), 1),           // int -> long
                schemaless(Map.of("id", 3, "x", 2.5, "label", "new"), 2),     // long -> double, new field
                schemaless(Map.of("id", 4, "x", 7, "label", 42), 3),           // int fits double; number vs string -> string
                schemaless(Map.of("id", 5, "label", nested), 4)));              // object in a string column -> JSON text

        assertEquals(3, files.size(), "one file per widening step that changes the schema");
        Path last = files.get(files.size() - 1).path();
        assertEquals("DOUBLE", duck.columnTypes(last).get("x"));
        assertEquals("VARCHAR", duck.columnTypes(last).get("label"));
        assertEquals("INTEGER", duck.columnTypes(last).get("id"));
        assertEquals("INTEGER", duck.columnTypes(files.get(0).path()).get("x"));
        assertEquals("BIGINT", duck.columnTypes(files.get(1).path()).get("x"));

        String all = files.stream().map(f -> "'" + f.path() + "'").collect(Collectors.joining(", "));
        List<Map<String, Object>> rows = duck.query("SELECT id, CAST(x AS DOUBLE) AS x, label FROM read_parquet(["
                + all + "], union_by_name = true) ORDER BY _kafka_offset");
        assertEquals(List.of(1, 2, 3, 4, 5), rows.stream().map(r -> r.get("id")).toList());
        assertEquals(10.0, rows.get(0).get("x"));
        assertEquals(3.0e9, rows.get(1).get("x"));
        assertEquals(2.5, rows.get(2).get("x"));
        assertEquals(7.0, rows.get(3).get("x"));
        assertNull(rows.get(4).get("x"));
        assertNull(rows.get(0).get("label"));
        assertEquals("new", rows.get(2).get("label"));
        assertEquals("42", rows.get(3).get("label"));
        assertEquals("{\"n\":1}", rows.get(4).get("label"));
    }

    @Test
    void nestedObjectsListsAndNullsAreInferred() throws Exception {
        Map<String, Object> withNulls = new HashMap<>();
        withNulls.put("id", 2);
        withNulls.put("user", null);
        withNulls.put("later", null);
        withNulls.put("items", java.util.Arrays.asList(null, 5));
        List<WrittenFile> files = Records.writeAll(converter, dir, ParquetSettings.DEFAULT, List.of(
                schemaless(Map.of("id", 1, "user", Map.of("name", "ann", "geo", Map.of("lat", 1.5)),
                        "items", List.of(1, 2), "empty", List.of()), 0),
                schemaless(withNulls, 1),
                schemaless(Map.of("id", 3, "later", true, "first name", "x"), 2)));

        Path last = files.get(files.size() - 1).path();
        List<Map<String, Object>> rows = duck.query("SELECT id, user.name AS name, user.geo.lat AS lat, "
                + "CAST(items AS VARCHAR) AS items, CAST(empty AS VARCHAR) AS empty, later, first_name FROM $file "
                + "ORDER BY _kafka_offset", last);
        Map<String, Object> third = rows.get(rows.size() - 1);
        assertEquals(3, third.get("id"));
        assertEquals(true, third.get("later"));
        assertEquals("x", third.get("first_name"), "keys that are not Avro names are sanitized");
        String allFiles = files.stream().map(f -> "'" + f.path() + "'").collect(Collectors.joining(", "));
        List<Map<String, Object>> all = duck.query("SELECT id, user.name AS name, user.geo.lat AS lat, "
                + "CAST(items AS VARCHAR) AS items, CAST(empty AS VARCHAR) AS empty FROM read_parquet(["
                + allFiles + "], union_by_name = true) ORDER BY _kafka_offset");
        assertEquals("ann", all.get(0).get("name"));
        assertEquals(1.5, all.get(0).get("lat"));
        assertEquals("[1, 2]", all.get(0).get("items"));
        assertEquals("[]", all.get(0).get("empty"));
        assertNull(all.get(1).get("name"));
        assertEquals("[NULL, 5]", all.get(1).get("items"));
    }

    @Test
    void unsupportedSchemalessValuesNameTheField() {
        RecordConversionException e = assertThrows(RecordConversionException.class,
                () -> converter.convert(schemaless(Map.of("when", new Object()), 0), null));
        assertTrue(e.getMessage().contains("value.when"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void aSchemaFromAnotherKindOfFileIsNotWidened() {
        ConvertedRecord typed = converter.convert(Records.record(org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "x", 0), null);
        ConvertedRecord loose = converter.convert(schemaless(Map.of("id", 1), 1), typed.schema());
        assertTrue(loose.needsNewFile(typed.schema()));
        assertEquals(List.of("_kafka_topic", "_kafka_partition", "_kafka_offset", "_kafka_timestamp", "id"),
                loose.schema().getFields().stream().map(f -> f.name()).toList());
    }
}
