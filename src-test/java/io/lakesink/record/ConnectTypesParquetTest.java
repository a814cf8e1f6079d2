package io.lakesink.record;

import static io.lakesink.record.Records.record;
import static io.lakesink.record.Records.writeOne;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Connect type family written through the writer and read back with DuckDB, value by value. */
class ConnectTypesParquetTest {

    private static DuckDb duck;

    @TempDir
    Path dir;

    @BeforeAll
    static void openDuckDb() throws Exception {
        duck = new DuckDb();
    }

    @AfterAll
    static void closeDuckDb() throws Exception {
        duck.close();
    }

    @Test
    void primitivesKeepTheirValuesAndGetTheNarrowestParquetType() throws Exception {
        Schema schema = SchemaBuilder.struct().name("com.acme.Primitives")
                .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA)
                .field("i32", Schema.INT32_SCHEMA).field("i64", Schema.INT64_SCHEMA)
                .field("f32", Schema.FLOAT32_SCHEMA).field("f64", Schema.FLOAT64_SCHEMA)
                .field("flag", Schema.BOOLEAN_SCHEMA).field("text", Schema.STRING_SCHEMA)
                .field("raw", Schema.BYTES_SCHEMA).field("maybe", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        Struct full = new Struct(schema).put("i8", (byte) -8).put("i16", (short) 1600).put("i32", 320_000)
                .put("i64", 6_400_000_000L).put("f32", 3.25f).put("f64", -2.5e300).put("flag", true)
                .put("text", "zürich ✓").put("raw", new byte[] {0, 1, (byte) 0xff}).put("maybe", 7L);
        Struct sparse = new Struct(schema).put("i8", Byte.MIN_VALUE).put("i16", Short.MAX_VALUE)
                .put("i32", Integer.MIN_VALUE).put("i64", Long.MAX_VALUE).put("f32", Float.MIN_VALUE)
                .put("f64", 0.0).put("flag", false).put("text", "").put("raw", new byte[0]);

        WrittenFile file = writeOne(dir, List.of(record(schema, full, 10), record(schema, sparse, 11)));

        assertEquals(Map.ofEntries(
                Map.entry("_kafka_topic", "VARCHAR"), Map.entry("_kafka_partition", "INTEGER"),
                Map.entry("_kafka_offset", "BIGINT"), Map.entry("_kafka_timestamp", "TIMESTAMP WITH TIME ZONE"),
                Map.entry("i8", "INTEGER"), Map.entry("i16", "INTEGER"), Map.entry("i32", "INTEGER"),
                Map.entry("i64", "BIGINT"), Map.entry("f32", "FLOAT"), Map.entry("f64", "DOUBLE"),
                Map.entry("flag", "BOOLEAN"), Map.entry("text", "VARCHAR"), Map.entry("raw", "BLOB"),
                Map.entry("maybe", "BIGINT")), duck.columnTypes(file.path()));
        List<Map<String, Object>> rows = duck.query(
                "SELECT *, epoch_ms(_kafka_timestamp) AS ts FROM $file ORDER BY _kafka_offset", file.path());
        Map<String, Object> first = rows.get(0);
        assertEquals("orders", first.get("_kafka_topic"));
        assertEquals(0, first.get("_kafka_partition"));
        assertEquals(10L, first.get("_kafka_offset"));
        assertEquals(Records.BASE_TIMESTAMP + 10, first.get("ts"));
        assertEquals(-8, first.get("i8"));
        assertEquals(1600, first.get("i16"));
        assertEquals(320_000, first.get("i32"));
        assertEquals(6_400_000_000L, first.get("i64"));
        assertEquals(3.25f, first.get("f32"));
        assertEquals(-2.5e300, first.get("f64"));
        assertEquals(true, first.get("flag"));
        assertEquals("zürich ✓", first.get("text"));
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, blob(first.get("raw")));
        assertEquals(7L, first.get("maybe"));

        Map<String, Object> second = rows.get(1);
        assertEquals(-128, second.get("i8"));
        assertEquals(32767, second.get("i16"));
        assertEquals(Integer.MIN_VALUE, second.get("i32"));
        assertEquals(Long.MAX_VALUE, second.get("i64"));
        assertEquals(Float.MIN_VALUE, second.get("f32"));
        assertEquals(false, second.get("flag"));
        assertEquals("", second.get("text"));
        assertArrayEquals(new byte[0], blob(second.get("raw")));
        assertNull(second.get("maybe"));
    }

    @Test
    void logicalTypesBecomeParquetDecimalDateTimeAndTimestamp() throws Exception {
        Schema money = Decimal.builder(2).parameter(LogicalTypeMapping.PRECISION_PARAMETER, "10").build();
        Schema schema = SchemaBuilder.struct()
                .field("amount", money)
                .field("wide", Decimal.builder(4).optional().build())
                .field("day", Date.SCHEMA).field("clock", Time.SCHEMA).field("ts", Timestamp.SCHEMA)
                .build();
        long dayMillis = 19_782L * 86_400_000L; // 2024-02-29
        long timeMillis = ((13 * 60 + 45) * 60 + 30) * 1000L + 123;
        long tsMillis = 1_709_214_330_123L; // 2024-02-29T13:45:30.123Z
        Struct positive = new Struct(schema).put("amount", new BigDecimal("12345678.90"))
                .put("wide", new BigDecimal("-1234567890123456789012345678901234.5678"))
                .put("day", new java.util.Date(dayMillis)).put("clock", new java.util.Date(timeMillis))
                .put("ts", new java.util.Date(tsMillis));
        Struct negative = new Struct(schema).put("amount", new BigDecimal("-0.5"))
                .put("day", new java.util.Date(-86_400_000L)).put("clock", new java.util.Date(0))
                .put("ts", new java.util.Date(-1L));

        WrittenFile file = writeOne(dir, List.of(record(schema, positive, 0), record(schema, negative, 1)));

        Map<String, String> types = duck.columnTypes(file.path());
        assertEquals("DECIMAL(10,2)", types.get("amount"));
        assertEquals("DECIMAL(38,4)", types.get("wide"));
        assertEquals("DATE", types.get("day"));
        // parquet-avro marks time-millis as adjusted to UTC, which is what Connect's Time means.
        assertEquals("TIME WITH TIME ZONE", types.get("clock"));
        assertEquals("TIMESTAMP WITH TIME ZONE", types.get("ts"));
        List<Map<String, Object>> rows = duck.query("SELECT amount, wide, CAST(day AS VARCHAR) AS day, "
                + "CAST(clock AS VARCHAR) AS clock, epoch_ms(ts) AS ts FROM $file ORDER BY _kafka_offset", file.path());
        assertEquals(new BigDecimal("12345678.90"), rows.get(0).get("amount"));
        assertEquals(new BigDecimal("-1234567890123456789012345678901234.5678"), rows.get(0).get("wide"));
        assertEquals("2024-02-29", rows.get(0).get("day"));
        assertEquals("13:45:30.123+00", rows.get(0).get("clock"));
        assertEquals(tsMillis, rows.get(0).get("ts"));
        assertEquals(new BigDecimal("-0.50"), rows.get(1).get("amount"));
        assertNull(rows.get(1).get("wide"));
        assertEquals("1969-12-31", rows.get(1).get("day"));
        assertEquals("00:00:00+00", rows.get(1).get("clock"));
        assertEquals(-1L, rows.get(1).get("ts"));
    }

    @Test
    void nestedStructsArraysAndMapsKeepTheirShape() throws Exception {
        Schema geo = SchemaBuilder.struct().name("Geo").field("lat", Schema.FLOAT64_SCHEMA)
                .field("lon", Schema.FLOAT64_SCHEMA).build();
        Schema address = SchemaBuilder.struct().name("Address").optional().field("street", Schema.STRING_SCHEMA)
                .field("geo", geo).build();
        Schema line = SchemaBuilder.struct().name("Line").field("sku", Schema.STRING_SCHEMA)
                .field("qty", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
                .field("address", address)
                .field("tags", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).build())
                .field("lines", SchemaBuilder.array(line).build())
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA).build())
                .field("names", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
                .field("matrix", SchemaBuilder.array(SchemaBuilder.array(Schema.INT16_SCHEMA).build()).build())
                .build();
        Map<String, Long> attrs = new LinkedHashMap<>();
        attrs.put("a", 1L);
        attrs.put("b", null);
        Struct value = new Struct(schema)
                .put("address", new Struct(address).put("street", "Main St 1")
                        .put("geo", new Struct(geo).put("lat", 47.5).put("lon", 8.5)))
                .put("tags", Arrays.asList(1, null, 3))
                .put("lines", List.of(new Struct(line).put("sku", "x-1").put("qty", 2),
                        new Struct(line).put("sku", "y-2").put("qty", 5)))
                .put("attrs", attrs)
                .put("names", Map.of(7, "seven"))
                .put("matrix", List.of(List.of((short) 1, (short) 2), List.of()));
        Struct empty = new Struct(schema).put("tags", List.of()).put("lines", List.of())
                .put("attrs", Map.of()).put("names", Map.of()).put("matrix", List.of());

        WrittenFile file = writeOne(dir, List.of(record(schema, value, 0), record(schema, empty, 1)));

        List<Map<String, Object>> rows = duck.query("SELECT address.street AS street, address.geo.lat AS lat, "
                + "address.geo.lon AS lon, CAST(tags AS VARCHAR) AS tags, CAST(len(lines) AS BIGINT) AS nlines, "
                + "lines[2].sku AS sku2, lines[2].qty AS qty2, CAST(cardinality(attrs) AS BIGINT) AS nattrs, "
                + "CAST(attrs AS VARCHAR) AS attrs, names[1].key AS k1, names[1].value AS v1, "
                + "CAST(matrix AS VARCHAR) AS matrix FROM $file ORDER BY _kafka_offset", file.path());
        Map<String, Object> first = rows.get(0);
        assertEquals("Main St 1", first.get("street"));
        assertEquals(47.5, first.get("lat"));
        assertEquals(8.5, first.get("lon"));
        assertEquals("[1, NULL, 3]", first.get("tags"));
        assertEquals(2L, first.get("nlines"));
        assertEquals("y-2", first.get("sku2"));
        assertEquals(5, first.get("qty2"));
        assertEquals(2L, first.get("nattrs"));
        assertEquals("{a=1, b=NULL}", first.get("attrs"));
        assertEquals(7, first.get("k1"));
        assertEquals("seven", first.get("v1"));
        assertEquals("[[1, 2], []]", first.get("matrix"));
        Map<String, Object> second = rows.get(1);
        assertNull(second.get("street"));
        assertEquals("[]", second.get("tags"));
        assertEquals(0L, second.get("nlines"));
        assertEquals(0L, second.get("nattrs"));
    }

    @Test
    void nonStructValueIsOneColumnNamedValue() throws Exception {
        WrittenFile file = writeOne(dir, List.of(record(Schema.STRING_SCHEMA, "hello", 0)));
        assertEquals("hello", duck.query("SELECT value FROM $file", file.path()).get(0).get("value"));
    }

    private static byte[] blob(Object jdbcValue) throws Exception {
        if (jdbcValue instanceof java.sql.Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (jdbcValue instanceof java.nio.ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.duplicate().get(out);
            return out;
        }
        return (byte[]) jdbcValue;
    }
}
