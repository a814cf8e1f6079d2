package io.lakesink.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's own Parquet writing against parquet-avro's: the same rows written both ways give files with the same
 * Parquet schema, the same Avro schema in the metadata, and the same rows read back, for every shape the row
 * converters produce (every Connect type, nulls at every level, empty and null-holding lists and maps, keys,
 * headers, schemaless values).
 */
class RowWriteSupportTest {

    @TempDir
    Path dir;

    private static final Schema ADDRESS = SchemaBuilder.struct().name("Address").optional()
            .field("city", Schema.STRING_SCHEMA).field("zip", Schema.OPTIONAL_STRING_SCHEMA).build();

    private static final Schema EVERYTHING = SchemaBuilder.struct().name("com.acme.Everything")
            .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA).field("i32", Schema.INT32_SCHEMA)
            .field("i64", Schema.INT64_SCHEMA).field("f32", Schema.FLOAT32_SCHEMA).field("f64", Schema.FLOAT64_SCHEMA)
            .field("flag", Schema.BOOLEAN_SCHEMA).field("text", Schema.STRING_SCHEMA).field("raw", Schema.BYTES_SCHEMA)
            .field("maybe", Schema.OPTIONAL_INT64_SCHEMA)
            .field("defaulted", SchemaBuilder.int32().optional().defaultValue(42).build())
            .field("price", Decimal.builder(2).optional().build())
            .field("day", Date.builder().optional().build())
            .field("clock", Time.builder().optional().build())
            .field("at", Timestamp.builder().optional().build())
            .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("scores", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA).optional().build())
            .field("by_id", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).optional().build())
            .field("home", ADDRESS)
            .field("past", SchemaBuilder.array(ADDRESS).optional().build())
            .build();

    @Test
    void writesTheFilesParquetAvroWritesForEveryConnectShape() throws Exception {
        RecordConverter converter = new RecordConverter(new RowLayout(true, true, true));
        List<GenericRecord> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(converter.convert(typed(i), null).row());
        }
        assertSameFiles(rows);
    }

    @Test
    void writesSchemalessRowsAsParquetAvroDoes() throws Exception {
        RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", 1);
        value.put("name", "a");
        value.put("nested", Map.of("deep", List.of(1L, 2L)));
        value.put("list", Arrays.asList("x", null, "z"));
        value.put("nothing", null);
        ConvertedRecord first = converter.convert(new SinkRecord("t", 0, null, null, null, value, 0), null);
        Map<String, Object> second = new LinkedHashMap<>(value);
        second.put("list", List.of());
        second.put("name", null);
        ConvertedRecord widened = converter.convert(new SinkRecord("t", 0, null, null, null, second, 1), first.schema());
        List<GenericRecord> rows = List.of(
                converter.convert(new SinkRecord("t", 0, null, null, null, value, 0), widened.schema()).row(),
                widened.row());
        assertSameFiles(rows);
    }

    @Test
    void aRequiredColumnWithoutAValueIsRefused() throws Exception {
        RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);
        GenericRecord row = converter.convert(typed(1), null).row();
        row.put(KafkaColumns.TOPIC, null);
        try (ParquetRowWriter writer = ParquetRowWriter.open(dir.resolve("bad.parquet"), row.getSchema(),
                ParquetSettings.DEFAULT)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> writer.write(new ConvertedRecord(row, "t", 0, 1, null)));
            assertTrue(refused.getMessage().contains(KafkaColumns.TOPIC), refused.getMessage());
        }
    }

    private void assertSameFiles(List<GenericRecord> rows) throws Exception {
        org.apache.avro.Schema schema = rows.get(0).getSchema();
        Path ours = dir.resolve("ours.parquet");
        try (ParquetRowWriter writer = ParquetRowWriter.open(ours, schema, ParquetSettings.DEFAULT)) {
            long offset = 0;
            for (GenericRecord row : rows) {
                writer.write(new ConvertedRecord(row, "t", 0, offset++, null));
            }
        }
        Path reference = dir.resolve("parquet-avro.parquet");
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(RowWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(reference))
                .withConf(conf).withSchema(schema).withDataModel(GenericData.get()).build()) {
            for (GenericRecord row : rows) {
                writer.write(row);
            }
        }
        FileMetaData ourMeta = footer(ours);
        FileMetaData theirMeta = footer(reference);
        assertEquals(theirMeta.getSchema(), ourMeta.getSchema());
        assertEquals(theirMeta.getKeyValueMetaData().get(RowWriteSupport.AVRO_SCHEMA_KEY),
                ourMeta.getKeyValueMetaData().get(RowWriteSupport.AVRO_SCHEMA_KEY));
        assertEquals(theirMeta.getKeyValueMetaData().get("writer.model.name"),
                ourMeta.getKeyValueMetaData().get("writer.model.name"));
        List<GenericRecord> expected = read(reference);
        assertEquals(rows.size(), expected.size());
        assertEquals(expected, read(ours));
        assertTrue(Files.size(ours) > 0);
    }

    private static FileMetaData footer(Path file) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter().getFileMetaData();
        }
    }

    private static List<GenericRecord> read(Path file) throws Exception {
        List<GenericRecord> out = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(GenericData.get()).withConf(new PlainParquetConfiguration()).build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Row {@code i}: every field set on odd rows; on even rows every optional field null or empty. */
    private static SinkRecord typed(int i) {
        boolean full = i % 2 == 1;
        Struct value = new Struct(EVERYTHING).put("i8", (byte) i).put("i16", (short) (i * 100)).put("i32", i * 1000)
                .put("i64", i * 1_000_000_000L).put("f32", i / 4f).put("f64", i / 3.0).put("flag", full)
                .put("text", "zürich " + i).put("raw", new byte[] {(byte) i, 0, (byte) 0xff});
        if (full) {
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put("a", 1.5);
            scores.put("none", null);
            value.put("maybe", (long) i).put("defaulted", i).put("price", new BigDecimal(i + ".25"))
                    .put("day", new java.util.Date(86_400_000L * i)).put("clock", new java.util.Date(1000L * i))
                    .put("at", new java.util.Date(1_700_000_000_000L + i))
                    .put("tags", Arrays.asList("x", null, "y" + i)).put("scores", scores)
                    .put("by_id", Map.of(i, "v" + i))
                    .put("home", new Struct(ADDRESS).put("city", "Bern").put("zip", i % 3 == 0 ? null : "300" + i))
                    .put("past", List.of(new Struct(ADDRESS).put("city", "Basel")));
        } else if (i % 4 == 0) {
            value.put("tags", List.of()).put("scores", Map.of()).put("by_id", Map.of()).put("past", List.of());
        }
        ConnectHeaders headers = new ConnectHeaders();
        if (full) {
            headers.addString("source", "app-" + i);
            headers.add("empty", null, Schema.OPTIONAL_STRING_SCHEMA);
        }
        Object key = i % 5 == 0 ? null : "key-" + i;
        return new SinkRecord("orders", i % 3, Schema.OPTIONAL_STRING_SCHEMA, key, EVERYTHING, value, i,
                i % 7 == 0 ? null : 1_700_000_000_000L + i, TimestampType.CREATE_TIME, headers);
    }
}
