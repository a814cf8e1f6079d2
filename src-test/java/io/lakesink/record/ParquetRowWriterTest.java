package io.lakesink.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
    private final EncoderThread encoder = new EncoderThread("test-encoder");

    @BeforeAll
    static void openDuckDb() throws Exception {
        duck = new DuckDb();
    }

    @AfterAll
    static void closeDuckDb() throws Exception {
        duck.close();
    }

    @AfterEach
    void closeEncoder() {
        encoder.close();
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

    // ---- encoding on the task's encoder thread: same files, same order, failures never finish a file ----------

    @Test
    void interleavedFilesGetEveryRowInOrderAndTheSameReportAsWithoutTheThread() throws Exception {
        int files = 3;
        int rowsPerFile = EncoderThread.BATCH_ROWS * 20 + 7; // many batches, more than the queue holds
        List<ParquetRowWriter> background = new ArrayList<>();
        List<ParquetRowWriter> inline = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            background.add(ParquetRowWriter.open(dir.resolve("bg-" + f + ".parquet"), schema(), settings(), encoder));
            inline.add(ParquetRowWriter.open(dir.resolve("inline-" + f + ".parquet"), schema(), settings()));
        }
        for (long offset = 0; offset < rowsPerFile; offset++) {
            for (int f = 0; f < files; f++) {
                background.get(f).write(converter.convert(record(f, offset), schema()));
                inline.get(f).write(converter.convert(record(f, offset), schema()));
            }
        }
        for (int f = 0; f < files; f++) {
            WrittenFile written = background.get(f).finish();
            WrittenFile reference = inline.get(f).finish();
            assertEquals(rowsPerFile, written.records());
            assertEquals(reference.offsets(), written.offsets());
            assertEquals(reference.maxTimestamp(), written.maxTimestamp());
            assertEquals(Files.size(written.path()), written.bytes());
            assertEquals(reference.bytes(), written.bytes(), "the same rows make the same file");
            List<Map<String, Object>> rows = duck.query(
                    "SELECT count(*) AS n, count(DISTINCT id) AS ids, min(id) AS lo, max(id) AS hi"
                            + " FROM $file", written.path());
            assertEquals((long) rowsPerFile, rows.get(0).get("n"));
            assertEquals((long) rowsPerFile, rows.get(0).get("ids"));
            assertEquals(0L, rows.get(0).get("lo"));
            assertEquals(rowsPerFile - 1L, rows.get(0).get("hi"));
            // file order is write order: Parquet keeps rows as written
            List<Map<String, Object>> ordered = duck.query(
                    "SELECT count(*) AS misplaced FROM (SELECT id, row_number() OVER () - 1 AS pos FROM $file)"
                            + " WHERE id <> pos", written.path());
            assertEquals(0L, ordered.get(0).get("misplaced"));
        }
    }

    @Test
    void aFailedEncodingFailsTheFileAndEveryLaterCallAndAbortStillDeletes() throws Exception {
        ParquetRowWriter broken = ParquetRowWriter.open(dir.resolve("broken.parquet"), schema(), settings(), encoder);
        ParquetRowWriter bystander = ParquetRowWriter.open(dir.resolve("bystander.parquet"), schema(), settings(),
                encoder);
        bystander.write(converter.convert(record(1, 0), schema()));
        GenericRecord row = converter.convert(record(0, 0), schema()).row();
        row.put(KafkaColumns.TOPIC, null); // no row converter makes this: only a bug could
        broken.write(new ConvertedRecord(row, "orders", 0, 0, null)); // handed over later, in a batch: no error yet

        IOException failed = assertThrows(IOException.class, broken::finish);
        assertTrue(failed.getMessage().contains("null value for required column _kafka_topic"), failed.getMessage());
        IOException later = assertThrows(IOException.class, bystander::finish);
        assertTrue(later.getMessage().contains("_kafka_topic"), "the first failure is what every later call says: "
                + later.getMessage());
        assertTrue(encoder.stopped());
        assertThrows(IOException.class, broken::finish, "a file that failed is never finished after all");

        bystander.abort();
        broken.abort();
        assertFalse(Files.exists(dir.resolve("bystander.parquet")));
        assertFalse(Files.exists(dir.resolve("broken.parquet")));
    }

    @Test
    void abortDeletesTheFileEvenWithRowsStillOnTheirWay() throws Exception {
        Path path = dir.resolve("aborted.parquet");
        ParquetRowWriter writer = ParquetRowWriter.open(path, schema(), settings(), encoder);
        for (long offset = 0; offset < EncoderThread.BATCH_ROWS * 3L + 1; offset++) {
            writer.write(converter.convert(record(0, offset), schema()));
        }
        writer.abort();
        assertFalse(Files.exists(path));
        ParquetRowWriter next = ParquetRowWriter.open(dir.resolve("next.parquet"), schema(), settings(), encoder);
        next.write(converter.convert(record(0, 0), schema()));
        assertEquals(1, next.finish().records(), "the encoder goes on after an abort");
    }

    @Test
    void closingTheEncoderFinishesQueuedWorkAndRefusesNewWork() throws Exception {
        ParquetRowWriter writer = ParquetRowWriter.open(dir.resolve("closing.parquet"), schema(), settings(), encoder);
        for (long offset = 0; offset < EncoderThread.BATCH_ROWS * 2L; offset++) {
            writer.write(converter.convert(record(0, offset), schema()));
        }
        encoder.close();
        assertTrue(encoder.stopped());
        IOException refused = assertThrows(IOException.class, writer::finish);
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
        writer.abort();
        assertFalse(Files.exists(dir.resolve("closing.parquet")));
        EncoderThread unused = new EncoderThread("never-used");
        assertTrue(unused.stopped(), "an encoder that got no work never started a thread");
        unused.close();
    }

    private org.apache.avro.Schema schema() {
        return converter.convert(record(0, 0), null).schema();
    }

    /** Small row groups: several flushes inside each file while the task thread goes on. */
    private static ParquetSettings settings() {
        return new ParquetSettings(ParquetCodec.SNAPPY, 64 * 1024, 8 * 1024, true);
    }

    private static SinkRecord record(int partition, long offset) {
        Struct value = new Struct(SCHEMA).put("id", offset).put("text", "row " + offset + " ".repeat((int) (offset % 17)));
        return new SinkRecord("orders", partition, null, null, SCHEMA, value, offset, Records.BASE_TIMESTAMP + offset,
                TimestampType.CREATE_TIME);
    }
}
