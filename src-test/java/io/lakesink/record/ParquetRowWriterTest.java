package io.lakesink.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetRowWriterTest {

    private static final Schema SCHEMA = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
            .field("text", Schema.STRING_SCHEMA).build();

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

    @ParameterizedTest
    @EnumSource(ParquetCodec.class)
    void everyCodecWritesAFileDuckDbReads(ParquetCodec codec) throws Exception {
        Path path = dir.resolve(codec.configName() + ".parquet");
        // Tiny row groups and pages: several row groups in one small file, as a streaming writer makes.
        ParquetSettings settings = new ParquetSettings(codec, 16 * 1024, 4 * 1024, true);
        try (ParquetRowWriter writer = ParquetRowWriter.open(path, converter.convert(record(0, 0), null).schema(), settings)) {
            for (int i = 0; i < 5_000; i++) {
                writer.write(converter.convert(record(0, i), writer.schema()));
            }
        }
        assertEquals(5_000L, duck.query("SELECT count(*) AS n FROM $file", path).get(0).get("n"));
        assertEquals(codec.name(), duck.query("SELECT DISTINCT compression FROM parquet_metadata('" + path + "')")
                .get(0).get("compression"));
        Object rowGroups = duck.query("SELECT max(row_group_id) + 1 AS n FROM parquet_metadata('" + path + "')").get(0).get("n");
        assertTrue(((Number) rowGroups).longValue() > 1, "row group size is honoured: " + rowGroups);
    }

    @Test
    void reportsRecordsBytesAndOffsetsPerPartition() throws Exception {
        Path path = dir.resolve("report.parquet");
        ParquetRowWriter writer = ParquetRowWriter.open(path, converter.convert(record(0, 0), null).schema(), ParquetSettings.DEFAULT);
        for (long offset : new long[] {5, 6, 9}) {
            writer.write(converter.convert(record(0, offset), writer.schema()));
        }
        for (long offset : new long[] {100, 101}) {
            writer.write(converter.convert(record(3, offset), writer.schema()));
        }
        assertEquals(5, writer.records());
        WrittenFile file = writer.finish();
        assertEquals(5, file.records());
        assertEquals(Files.size(path), file.bytes());
        assertEquals(List.of(new OffsetRange("orders", 0, 5, 9), new OffsetRange("orders", 3, 100, 101)), file.offsets());
        assertEquals(10, file.offsets().get(0).nextOffset());
        assertEquals(Records.BASE_TIMESTAMP + 101, file.maxTimestamp().getAsLong());
        assertEquals(file, writer.finish());
        assertEquals(5L, duck.query("SELECT count(*) AS n FROM $file", path).get(0).get("n"));
    }

    @Test
    void refusesRowsOfAnotherSchemaAndAbortDeletesTheFile() throws Exception {
        Path path = dir.resolve("abort.parquet");
        ParquetRowWriter writer = ParquetRowWriter.open(path, converter.convert(record(0, 0), null).schema(), ParquetSettings.DEFAULT);
        ConvertedRecord other = converter.convert(new SinkRecord("orders", 0, null, null, null, Map.of("x", 1), 1), null);
        assertFalse(writer.accepts(other));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.write(other));
        assertTrue(e.getMessage().contains("different schema"), e.getMessage());
        writer.abort();
        assertFalse(Files.exists(path));
        assertThrows(IllegalStateException.class, () -> writer.write(converter.convert(record(0, 2), null)));
    }

    @Test
    void codecNamesParseFromConfig() {
        assertEquals(ParquetCodec.ZSTD, ParquetCodec.fromConfig(" zstd "));
        assertEquals(ParquetCodec.UNCOMPRESSED, ParquetCodec.fromConfig("none"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParquetCodec.fromConfig("lzo"));
        assertTrue(e.getMessage().contains("snappy, zstd, gzip, uncompressed"), e.getMessage());
    }

    private static SinkRecord record(int partition, long offset) {
        Struct value = new Struct(SCHEMA).put("id", offset).put("text", "row " + offset + " ".repeat((int) (offset % 17)));
        return new SinkRecord("orders", partition, null, null, SCHEMA, value, offset, Records.BASE_TIMESTAMP + offset,
                TimestampType.CREATE_TIME);
    }
}
