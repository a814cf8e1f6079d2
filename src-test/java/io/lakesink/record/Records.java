package io.lakesink.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/** Test fixtures: sink records and a writer loop that rotates files on schema change, as the task will. */
final class Records {

    static final String TOPIC = "orders";
    static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    private Records() {
    }

    static SinkRecord record(Schema valueSchema, Object value, long offset) {
        return new SinkRecord(TOPIC, 0, null, null, valueSchema, value, offset, BASE_TIMESTAMP + offset,
                TimestampType.CREATE_TIME, new ConnectHeaders());
    }

    static SinkRecord schemaless(Object value, long offset) {
        return record(null, value, offset);
    }

    /** Converts and writes records, opening a new file whenever the row schema changes. */
    static List<WrittenFile> writeAll(RecordConverter converter, Path dir, ParquetSettings settings,
                                      List<SinkRecord> records) throws IOException {
        List<WrittenFile> files = new ArrayList<>();
        ParquetRowWriter writer = null;
        for (SinkRecord record : records) {
            ConvertedRecord row = converter.convert(record, writer == null ? null : writer.schema());
            if (writer == null || !writer.accepts(row)) {
                if (writer != null) {
                    files.add(writer.finish());
                }
                writer = ParquetRowWriter.open(dir.resolve(String.format("file-%05d.parquet", record.kafkaOffset())),
                        row.schema(), settings);
            }
            writer.write(row);
        }
        if (writer != null) {
            files.add(writer.finish());
        }
        return files;
    }

    static WrittenFile writeOne(Path dir, List<SinkRecord> records) throws IOException {
        List<WrittenFile> files = writeAll(new RecordConverter(RowLayout.DEFAULT), dir, ParquetSettings.DEFAULT, records);
        if (files.size() != 1) {
            throw new AssertionError("expected one file, got " + files.size());
        }
        return files.get(0);
    }
}
