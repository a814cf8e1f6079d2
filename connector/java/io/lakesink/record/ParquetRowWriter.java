package io.lakesink.record;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Writes rows of one schema to one local Parquet file, and keeps what the commit needs to know of
 * it: record count, size, and the first and last offset of each Kafka partition in it.
 *
 * <p>Rows are written by {@link RowWriteSupport} (the files parquet-avro would write, without its per-value
 * schema work) with a plain (Hadoop-free) configuration and a local output file; Hadoop classes are only loaded by
 * Parquet's compression codecs. Not thread-safe: one writer belongs to one task; with an {@link EncoderThread} the
 * encoding runs there and the bookkeeping here.
 */
public final class ParquetRowWriter implements Closeable {

    private final Path path;
    private final Schema schema;
    /** Touched only by the encoder thread once rows go through one. */
    private final ParquetWriter<GenericRecord> writer;
    private final EncoderThread encoder;
    private final Map<String, Offsets> offsets = new LinkedHashMap<>();
    /** The range the last row extended: a file's rows nearly always come from one partition. */
    private Offsets lastRange;
    private long records;
    private long maxTimestamp = Long.MIN_VALUE;
    /**
     * The encoded size (written row groups plus what the open one buffers) as last measured by the thread that
     * encodes: with an encoder thread it lags by the rows in flight, a few thousand at most.
     */
    private volatile long encodedBytes;
    private WrittenFile result;
    private boolean closed;

    private ParquetRowWriter(Path path, Schema schema, ParquetWriter<GenericRecord> writer, EncoderThread encoder) {
        this.path = path;
        this.schema = schema;
        this.writer = writer;
        this.encoder = encoder;
    }

    /**
     * Creates the file (which must not exist yet: file names are derived from offsets, so an
     * existing file means two writers for the same data).
     */
    public static ParquetRowWriter open(Path path, Schema schema, ParquetSettings settings) throws IOException {
        return open(path, schema, settings, null);
    }

    /**
     * As {@link #open(Path, Schema, ParquetSettings)}, with the Parquet encoding done on {@code encoder} or, when
     * it is null, on the caller's thread.
     */
    public static ParquetRowWriter open(Path path, Schema schema, ParquetSettings settings, EncoderThread encoder)
            throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ParquetWriter<GenericRecord> writer = configure(new RowWriterBuilder(new LocalOutputFile(path), schema),
                schema, settings).build();
        return new ParquetRowWriter(path, schema, writer, encoder);
    }

    /** The sink's Parquet settings on any writer builder: every file LakeSink writes (compaction too) gets them. */
    static <T, B extends ParquetWriter.Builder<T, B>> B configure(B builder, Schema schema, ParquetSettings settings) {
        if (settings.dictionary()) {
            // offsets never repeat and record times rarely do: a dictionary for them is only tried and dropped;
            // without it, format version 2 delta-encodes them (a few bytes per thousand rows)
            for (String unique : new String[] {KafkaColumns.OFFSET, KafkaColumns.TIMESTAMP}) {
                if (schema.getField(unique) != null) {
                    builder = builder.withDictionaryEncoding(unique, false);
                }
            }
        }
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(RowWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");
        return builder
                .withConf(conf)
                .withCompressionCodec(settings.codec().parquetName())
                .withRowGroupSize(settings.rowGroupSizeBytes())
                .withPageSize(settings.pageSizeBytes())
                .withDictionaryPageSize(settings.pageSizeBytes())
                .withDictionaryEncoding(settings.dictionary())
                .withWriterVersion(settings.writerVersion());
    }

    /** A Parquet writer of rows through {@link RowWriteSupport}. */
    private static final class RowWriterBuilder extends ParquetWriter.Builder<GenericRecord, RowWriterBuilder> {
        private final Schema schema;

        RowWriterBuilder(OutputFile file, Schema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected RowWriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(schema);
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport(schema);
        }
    }

    /** An {@link OffsetRange} while it grows, one update per row. */
    private static final class Offsets {
        final String topic;
        final int partition;
        long first;
        long last;

        Offsets(String topic, int partition, long offset) {
            this.topic = topic;
            this.partition = partition;
            this.first = offset;
            this.last = offset;
        }

        OffsetRange range() {
            return new OffsetRange(topic, partition, first, last);
        }
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
        if (encoder == null) {
            writer.write(record.row());
        } else {
            encoder.write(writer, record.row());
        }
        records++;
        Offsets range = lastRange;
        if (range == null || range.partition != record.partition() || !range.topic.equals(record.topic())) {
            range = offsets.computeIfAbsent(record.topic() + "-" + record.partition(),
                    k -> new Offsets(record.topic(), record.partition(), record.offset()));
            lastRange = range;
        }
        range.first = Math.min(range.first, record.offset());
        range.last = Math.max(range.last, record.offset());
        if (record.timestamp() != null) {
            maxTimestamp = Math.max(maxTimestamp, record.timestamp());
        }
        if (records % SIZE_MEASURE_ROWS == 0) {
            measureSize();
        }
    }

    /** Rows between size measurements: a measurement walks every column's buffers, too dear for every row. */
    static final int SIZE_MEASURE_ROWS = 512;

    private void measureSize() throws IOException {
        if (encoder == null) {
            encodedBytes = writer.getDataSize();
        } else {
            // the Parquet writer belongs to the encoder thread: it measures, in turn with the rows
            encoder.submitWithoutWaiting(() -> encodedBytes = writer.getDataSize());
        }
    }

    /** The file's encoded size so far, as last measured (every {@value #SIZE_MEASURE_ROWS} rows). */
    public long encodedBytes() {
        return encodedBytes;
    }

    public long records() {
        return records;
    }

    /**
     * Closes the file (writing the footer; with an encoder thread, after it wrote every row) and describes it.
     * Calling it again returns the same.
     */
    public WrittenFile finish() throws IOException {
        if (result == null) {
            if (closed) {
                throw new IOException("Parquet file " + path + " was aborted or failed to finish before");
            }
            closed = true;
            if (encoder == null) {
                writer.close();
            } else {
                encoder.runAndWait(writer::close);
            }
            result = new WrittenFile(path, schema, records, Files.size(path),
                    offsets.values().stream().map(Offsets::range).toList(),
                    maxTimestamp == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(maxTimestamp));
        }
        return result;
    }

    /** Closes and deletes the file: for files of a failed or revoked cycle. */
    public void abort() throws IOException {
        try {
            if (!closed) {
                closed = true;
                if (encoder == null) {
                    writer.close();
                } else {
                    closeOnEncoder();
                }
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    /** Closes the Parquet writer on the encoder, or here once the encoder has stopped and cannot touch it. */
    private void closeOnEncoder() throws IOException {
        try {
            encoder.runAndWait(writer::close);
        } catch (IOException encoderFailed) {
            if (!encoder.stopped()) {
                throw encoderFailed;
            }
            writer.close();
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
