package io.lakesink.record;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Writes rows of one schema to one local Parquet file, and keeps what the commit needs to know of
 * it: record count, size, and the first and last offset of each Kafka partition in it.
 *
 * <p>Writes go through parquet-avro with a plain (Hadoop-free) configuration and a local output
 * file; Hadoop classes are only loaded by Parquet's compression codecs. Not thread-safe: one
 * writer belongs to one task.
 */
public final class ParquetRowWriter implements Closeable {

    private final Path path;
    private final Schema schema;
    private final ParquetWriter<GenericRecord> writer;
    private final Map<String, OffsetRange> offsets = new LinkedHashMap<>();
    private long records;
    private long maxTimestamp = Long.MIN_VALUE;
    private WrittenFile result;
    private boolean closed;

    private ParquetRowWriter(Path path, Schema schema, ParquetWriter<GenericRecord> writer) {
        this.path = path;
        this.schema = schema;
        this.writer = writer;
    }

    /**
     * Creates the file (which must not exist yet: file names are derived from offsets, so an
     * existing file means two writers for the same data).
     */
    public static ParquetRowWriter open(Path path, Schema schema, ParquetSettings settings) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        // 3-level lists: the legacy 2-level form cannot hold null array elements.
        conf.set("parquet.avro.write-old-list-structure", "false");
        OutputFile out = new LocalOutputFile(path);
        AvroParquetWriter.Builder<GenericRecord> builder = AvroParquetWriter.<GenericRecord>builder(out);
        if (settings.dictionary()) {
            // offsets never repeat and record times rarely do: a dictionary for them is only tried and dropped
            for (String unique : new String[] {KafkaColumns.OFFSET, KafkaColumns.TIMESTAMP}) {
                if (schema.getField(unique) != null) {
                    builder = builder.withDictionaryEncoding(unique, false);
                }
            }
        }
        ParquetWriter<GenericRecord> writer = builder
                .withConf(conf)
                .withSchema(schema)
                // An explicit model keeps parquet-avro from building a Hadoop Configuration to look one up.
                .withDataModel(GenericData.get())
                .withCompressionCodec(settings.codec().parquetName())
                .withRowGroupSize(settings.rowGroupSizeBytes())
                .withPageSize(settings.pageSizeBytes())
                .withDictionaryPageSize(settings.pageSizeBytes())
                .withDictionaryEncoding(settings.dictionary())
                .build();
        return new ParquetRowWriter(path, schema, writer);
    }

    public Path path() {
        return path;
    }

    public Schema schema() {
        return schema;
    }

    /** True when {@code record} can be appended; false means its schema differs: rotate the file. */
    public boolean accepts(ConvertedRecord record) {
        return !record.needsNewFile(schema);
    }

    public void write(ConvertedRecord record) throws IOException {
        if (closed) {
            throw new IllegalStateException("Parquet file " + path + " is already closed");
        }
        if (!accepts(record)) {
            throw new IllegalArgumentException("record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " has a different schema than file " + path + "; close the file and open a new one");
        }
        writer.write(record.row());
        records++;
        offsets.merge(record.topic() + "-" + record.partition(),
                new OffsetRange(record.topic(), record.partition(), record.offset(), record.offset()),
                (known, added) -> known.extendTo(added.first()));
        if (record.timestamp() != null) {
            maxTimestamp = Math.max(maxTimestamp, record.timestamp());
        }
    }

    public long records() {
        return records;
    }

    /** Bytes written so far plus those buffered in the open row group: what rotation by size looks at. */
    public long estimatedBytes() {
        return closed ? result.bytes() : writer.getDataSize();
    }

    /** Closes the file (writing the footer) and describes it. Calling it again returns the same. */
    public WrittenFile finish() throws IOException {
        if (!closed) {
            closed = true;
            writer.close();
            result = new WrittenFile(path, schema, records, Files.size(path), new ArrayList<>(offsets.values()),
                    maxTimestamp == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(maxTimestamp));
        }
        return result;
    }

    /** Closes and deletes the file: for files of a failed or revoked cycle. */
    public void abort() throws IOException {
        try {
            if (!closed) {
                closed = true;
                writer.close();
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
