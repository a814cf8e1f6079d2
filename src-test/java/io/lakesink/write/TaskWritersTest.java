package io.lakesink.write;

import io.lakesink.record.EncoderThread;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskWritersTest {
    private static final Schema V1 = SchemaBuilder.struct().name("order").field("id", Schema.INT64_SCHEMA).build();
    private static final Schema V2 = SchemaBuilder.struct().name("order").field("id", Schema.INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();

    @TempDir
    Path dir;
    private TaskWriters writers;

    private TaskWriters writers(Partitioner partitioner, int flushSize, long rotateMs, int maxOpen) {
        return writers(partitioner, Rotation.DEFAULT.withFlushSize(flushSize).withRotateInterval(rotateMs)
                .withMaxOpenFiles(maxOpen));
    }

    private TaskWriters writers(Partitioner partitioner, Rotation rotation) {
        writers = new TaskWriters(dir, new RecordConverter(RowLayout.DEFAULT), partitioner, new ObjectPaths("topics"),
                ParquetSettings.DEFAULT, rotation, encoder());
        return writers;
    }

    /** The encoder thread the writers get: none here, one in {@link TaskWritersOnEncoderThreadTest}. */
    EncoderThread encoder() {
        return null;
    }

    @AfterEach
    void close() {
        if (writers != null) {
            writers.close();
        }
    }

    private static SinkRecord record(int partition, long offset, Schema schema, long timestamp) {
        Struct value = new Struct(schema).put("id", offset);
        return new SinkRecord("orders", partition, null, null, schema, value, offset, timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    @Test
    void filesRotateAtFlushSizeWhenItIsSetAndEveryFileIsNamedByItsFirstOffset() {
        TaskWriters w = writers(new DefaultPartitioner(), 4, -1, 10);
        for (long o = 0; o < 10; o++) {
            w.write(record(0, o, V1, 1000));
        }
        TaskWriters.Flush flush = w.closeAll();
        assertEquals(List.of(4L, 4L, 2L), flush.files().stream().map(f -> f.file().records()).toList());
        assertEquals(List.of("topics/orders/partition=0/orders+0+00000000000000000000.parquet",
                        "topics/orders/partition=0/orders+0+00000000000000000004.parquet",
                        "topics/orders/partition=0/orders+0+00000000000000000008.parquet"),
                flush.files().stream().map(ClosedFile::lakePath).toList());
        assertEquals(new TaskWriters.Progress(9, 10), flush.progress().get(new TopicPartition("orders", 0)));
        assertTrue(w.closeAll().files().isEmpty(), "a second flush hands over nothing again");
    }

    @Test
    void byDefaultOnlyTheCommitClosesAFile() {
        TaskWriters w = writers(new DefaultPartitioner(), Rotation.DEFAULT);
        for (long o = 0; o < 50_000; o++) {
            w.write(record(0, o, V1, 1000 + o));
            w.write(record(1, o, V1, 1000 + o));
        }
        assertEquals(List.of(50_000L, 50_000L), w.closeAll().files().stream().map(f -> f.file().records()).toList(),
                "one file per partition directory, however many records");
    }

    @Test
    void aFileClosesAtTheTargetEncodedSize() throws Exception {
        long target = 1024 * 1024;
        TaskWriters w = writers(new DefaultPartitioner(), Rotation.DEFAULT.withFileSizeTarget(target));
        java.util.Random random = new java.util.Random(17);
        for (long o = 0; o < 500_000; o++) {
            // random ids do not compress: the file grows by about 8 bytes a row
            w.write(new SinkRecord("orders", 0, null, null, V1, new Struct(V1).put("id", random.nextLong()), o,
                    1000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME));
        }
        List<ClosedFile> files = w.closeAll().files();
        assertTrue(files.size() >= 3, files.size() + " files of 500,000 rows of about 8 bytes at a 1 MiB target");
        for (ClosedFile f : files.subList(0, files.size() - 1)) {
            long bytes = Files.size(f.file().path());
            // estimated from what is written plus what is buffered (a page and a dictionary per column, which
            // shrink when encoded), every few hundred rows and with an encoder thread a few thousand rows late
            assertTrue(bytes >= target * 3 / 4 && bytes <= target + 64 * 1024, "a full file has " + bytes + " bytes");
        }
        assertEquals(500_000L, files.stream().mapToLong(f -> f.file().records()).sum());
    }

    @Test
    void aSchemaChangeClosesTheFile() {
        TaskWriters w = writers(new DefaultPartitioner(), 100, -1, 10);
        w.write(record(0, 0, V1, 1000));
        w.write(record(0, 1, V1, 1000));
        w.write(record(0, 2, V2, 1000));
        List<ClosedFile> files = w.closeAll().files();
        assertEquals(2, files.size());
        assertEquals(2, files.get(0).file().records());
        assertTrue(files.get(1).file().schema().getField("note") != null);
    }

    @Test
    void rotateIntervalClosesAFileByRecordTime() {
        TaskWriters w = writers(new DefaultPartitioner(), 100, 60_000, 10);
        w.write(record(0, 0, V1, 0));
        w.write(record(0, 1, V1, 59_999));
        w.write(record(0, 2, V1, 60_000));
        assertEquals(List.of(2L, 1L), w.closeAll().files().stream().map(f -> f.file().records()).toList());
    }

    @Test
    void theLeastRecentlyWrittenFileClosesWhenTooManyAreOpen() {
        TaskWriters w = writers(new DefaultPartitioner(), 100, -1, 2);
        w.write(record(0, 0, V1, 0));
        w.write(record(1, 0, V1, 0));
        w.write(record(0, 1, V1, 0));
        w.write(record(2, 0, V1, 0));
        assertEquals(2, w.openFiles());
        List<ClosedFile> files = w.closeAll().files();
        assertEquals("orders+1+00000000000000000000.parquet",
                Path.of(files.get(0).lakePath()).getFileName().toString(), "partition 1 was written least recently");
        assertEquals(3, files.size());
    }

    @Test
    void droppingAPartitionForgetsItsFilesAndProgress() throws Exception {
        TaskWriters w = writers(new DefaultPartitioner(), 2, -1, 10);
        for (long o = 0; o < 5; o++) {
            w.write(record(0, o, V1, 0));
            w.write(record(1, o, V1, 0));
        }
        w.drop(new TopicPartition("orders", 0));
        TaskWriters.Flush flush = w.closeAll();
        assertTrue(flush.files().stream().allMatch(f -> f.topicPartition().partition() == 1));
        assertEquals(Map.of(new TopicPartition("orders", 1), new TaskWriters.Progress(4, 5)), flush.progress());
        try (var left = Files.list(dir)) {
            assertEquals(3, left.count(), "only partition 1's three files remain on disk");
        }
    }

    @Test
    void skippedRecordsAdvanceProgressWithoutRows() {
        TaskWriters w = writers(new DefaultPartitioner(), 10, -1, 10);
        w.write(record(0, 0, V1, 0));
        w.skip(record(0, 1, V1, 0));
        assertEquals(new TaskWriters.Progress(1, 1), w.closeAll().progress().get(new TopicPartition("orders", 0)));
    }

    @Test
    void aRecordTheFieldPartitionerCannotPlaceFailsWithoutTouchingOpenFiles() {
        TaskWriters w = writers(new FieldPartitioner(List.of("region")), 10, -1, 10);
        DataException e = assertThrows(DataException.class, () -> w.write(record(0, 0, V1, 0)));
        assertTrue(e.getMessage().contains("region"), e.getMessage());
        assertEquals(0, w.openFiles());
        assertTrue(w.closeAll().progress().isEmpty());
    }
}
