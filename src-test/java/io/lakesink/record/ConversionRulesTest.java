package io.lakesink.record;

import static io.lakesink.record.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nulls, defaults, errors, schema identity, and the optional key and header columns. */
class ConversionRulesTest {

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
    void optionalFieldsAreNullableUnionsAndDefaultsCarryOver() throws Exception {
        Schema inner = SchemaBuilder.struct().name("Inner").optional().field("n", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
                .field("plain", Schema.OPTIONAL_STRING_SCHEMA)
                .field("withDefault", SchemaBuilder.string().optional().defaultValue("fallback").build())
                .field("requiredDefault", SchemaBuilder.int32().defaultValue(42).build())
                .field("inner", inner)
                .field("list", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                .build();
        Struct nulls = new Struct(schema);

        ConvertedRecord row = converter.convert(record(schema, nulls, 0), null);
        org.apache.avro.Schema avro = row.schema();
        assertEquals("[\"null\",\"string\"]", avro.getField("plain").schema().toString());
        assertEquals(org.apache.avro.JsonProperties.NULL_VALUE, avro.getField("plain").defaultVal());
        assertEquals("[\"string\",\"null\"]", avro.getField("withDefault").schema().toString());
        assertEquals("fallback", avro.getField("withDefault").defaultVal());
        assertEquals(42, avro.getField("requiredDefault").defaultVal());

        WrittenFile file = Records.writeOne(dir, List.of(record(schema, nulls, 0)));
        Map<String, Object> read = duck.query("SELECT plain, withDefault, requiredDefault, \"inner\", \"list\" FROM $file",
                file.path()).get(0);
        assertNull(read.get("plain"));
        assertEquals("fallback", read.get("withDefault"), "Struct.get applies the Connect default");
        assertEquals(42, read.get("requiredDefault"));
        assertNull(read.get("inner"));
        assertNull(read.get("list"));
    }

    @Test
    void badValuesFailWithTheFieldPathAndTheTypes() {
        Schema line = SchemaBuilder.struct().field("qty", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("lines", SchemaBuilder.array(line).build())
                .field("price", Decimal.builder(2).parameter(LogicalTypeMapping.PRECISION_PARAMETER, "5").build())
                .build();
        // Struct.put validates, but nothing stops a producer from leaving a required field unset.
        RecordConversionException e = assertThrows(RecordConversionException.class,
                () -> converter.convert(record(line, new Struct(line), 0), null));
        assertTrue(e.getMessage().contains("value.qty"), e.getMessage());
        assertTrue(e.getMessage().contains("INT32"), e.getMessage());

        Struct tooPrecise = new Struct(schema).put("lines", List.of()).put("price", new BigDecimal("1.005"));
        e = assertThrows(RecordConversionException.class, () -> converter.convert(record(schema, tooPrecise, 0), null));
        assertTrue(e.getMessage().contains("value.price") && e.getMessage().contains("1.005"), e.getMessage());

        Struct tooBig = new Struct(schema).put("lines", List.of()).put("price", new BigDecimal("12345.00"));
        e = assertThrows(RecordConversionException.class, () -> converter.convert(record(schema, tooBig, 0), null));
        assertTrue(e.getMessage().contains("precision"), e.getMessage());

        // A schema'd value whose Java type does not match (e.g. a buggy transform).
        e = assertThrows(RecordConversionException.class,
                () -> converter.convert(record(Schema.INT64_SCHEMA, "not a number", 0), null));
        assertTrue(e.getMessage().contains("'value'") && e.getMessage().contains("java.lang.String")
                && e.getMessage().contains("INT64"), e.getMessage());

        e = assertThrows(RecordConversionException.class, () -> converter.convert(record(schema, null, 7), null));
        assertTrue(e.getMessage().contains("tombstone") && e.getMessage().contains("@7"), e.getMessage());

        Schema clash = SchemaBuilder.struct().field("_kafka_offset", Schema.INT64_SCHEMA).build();
        e = assertThrows(RecordConversionException.class,
                () -> converter.convert(record(clash, new Struct(clash).put("_kafka_offset", 1L), 0), null));
        assertTrue(e.getMessage().contains("_kafka_offset"), e.getMessage());
    }

    @Test
    void equalConnectSchemasShareOneAvroSchemaAndAChangeNeedsANewFile() {
        Schema v1 = SchemaBuilder.struct().name("Order").field("id", Schema.INT64_SCHEMA).build();
        Schema v1Again = SchemaBuilder.struct().name("Order").field("id", Schema.INT64_SCHEMA).build();
        Schema v2 = SchemaBuilder.struct().name("Order").field("id", Schema.INT64_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
        ConvertedRecord a = converter.convert(record(v1, new Struct(v1).put("id", 1L), 0), null);
        ConvertedRecord b = converter.convert(record(v1Again, new Struct(v1Again).put("id", 2L), 1), a.schema());
        ConvertedRecord c = converter.convert(record(v2, new Struct(v2).put("id", 3L), 2), b.schema());
        assertSame(a.schema(), b.schema());
        assertEquals(1L, a.row().get("id"));
        assertEquals(2L, b.row().get("id"), "a struct of an equal (not the same) schema is read by field name");
        assertEquals(3L, c.row().get("id"));
        assertFalse(b.needsNewFile(a.schema()));
        assertTrue(c.needsNewFile(b.schema()));
    }

    @Test
    void keyAndHeadersBecomeColumnsWhenAsked() throws Exception {
        RecordConverter withKeyAndHeaders = new RecordConverter(new RowLayout(true, true, true));
        Schema keySchema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("trace", "abc");
        headers.addInt("retries", 3);
        headers.addString("trace", "def");
        SinkRecord typedKey = new SinkRecord("orders", 2, keySchema, new Struct(keySchema).put("id", 9L),
                Schema.STRING_SCHEMA, "payload", 100, null, TimestampType.NO_TIMESTAMP_TYPE, headers);
        ConvertedRecord row = withKeyAndHeaders.convert(typedKey, null);
        try (ParquetRowWriter writer = ParquetRowWriter.open(dir.resolve("k.parquet"), row.schema(), ParquetSettings.DEFAULT)) {
            writer.write(row);
        }
        Map<String, Object> read = duck.query("SELECT _kafka_partition, _kafka_timestamp, _kafka_key.id AS key_id, "
                + "CAST(len(_kafka_headers) AS INTEGER) AS n, _kafka_headers[1].key AS h1, _kafka_headers[1].value AS v1, "
                + "_kafka_headers[2].value AS v2, _kafka_headers[3].value AS v3, value FROM $file",
                dir.resolve("k.parquet")).get(0);
        assertEquals(2, read.get("_kafka_partition"));
        assertNull(read.get("_kafka_timestamp"));
        assertEquals(9L, read.get("key_id"));
        assertEquals(3, read.get("n"));
        assertEquals("trace", read.get("h1"));
        assertEquals("abc", read.get("v1"));
        assertEquals("3", read.get("v2"));
        assertEquals("def", read.get("v3"));
        assertEquals("payload", read.get("value"));

        SinkRecord schemalessKey = new SinkRecord("orders", 0, null, Map.of("id", 5), null, Map.of("a", 1), 1);
        ConvertedRecord loose = withKeyAndHeaders.convert(schemalessKey, null);
        assertEquals("{\"id\":5}", loose.row().get(KafkaColumns.KEY));
    }
}
