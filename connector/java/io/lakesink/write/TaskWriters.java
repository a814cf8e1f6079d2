package io.lakesink.write;

import io.lakesink.record.ConvertedRecord;
import io.lakesink.record.EncoderThread;
import io.lakesink.record.ParquetRowWriter;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A task's open Parquet files, one per (topic-partition, partition path). Finishes a file when the {@link Rotation}
 * says it is full (target encoded size, or {@code flush.size} records when set), when a record's time is
 * {@code rotate.interval.ms} past the file's first record, and when the record's schema changes; keeps at most
 * {@code max.open.files} open, finishing the least recently written first. Tracks
 * per topic-partition the offsets processed since the last {@link #closeAll()}. Not thread-safe: the caller locks.
 */
public final class TaskWriters implements AutoCloseable {
    private record FileKey(TopicPartition tp, String partitionPath) {
    }

    private static final class OpenFile {
        final ParquetRowWriter writer;
        final String lakePath;
        final TopicPartition tp;
        final Long firstTimestamp;

        OpenFile(ParquetRowWriter writer, String lakePath, TopicPartition tp, Long firstTimestamp) {
            this.writer = writer;
            this.lakePath = lakePath;
            this.tp = tp;
            this.firstTimestamp = firstTimestamp;
        }
    }

    /** What one topic-partition processed since the last report: offsets seen and rows written. */
    public record Progress(long lastOffset, long records) {
    }

    /** {@link Progress} while it accumulates, one update per record. */
    private static final class Processed {
        long lastOffset = Long.MIN_VALUE;
        long records;
    }

    private final Path workDir;
    private final RecordConverter converter;
    private final Partitioner partitioner;
    private final ObjectPaths paths;
    private final ParquetSettings settings;
    private final Rotation rotation;
    private final EncoderThread encoder;
    private final LinkedHashMap<FileKey, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
    private final List<ClosedFile> closed = new ArrayList<>();
    private final Map<TopicPartition, Processed> progress = new HashMap<>();
    /** The file the last record went to, and its key: null once that file is finished or dropped. */
    private FileKey lastKey;
    private OpenFile lastFile;

    public TaskWriters(Path workDir, RecordConverter converter, Partitioner partitioner, ObjectPaths paths,
                       ParquetSettings settings, Rotation rotation) {
        this(workDir, converter, partitioner, paths, settings, rotation, null);
    }

    /**
     * @param encoder the thread that encodes this task's Parquet (closed with these writers), or null to encode on
     *                the caller's thread
     */
    public TaskWriters(Path workDir, RecordConverter converter, Partitioner partitioner, ObjectPaths paths,
                       ParquetSettings settings, Rotation rotation, EncoderThread encoder) {
        this.encoder = encoder;
        this.workDir = workDir;
        this.converter = converter;
        this.partitioner = partitioner;
        this.paths = paths;
        this.settings = settings;
        this.rotation = rotation;
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new ConnectException("cannot create the task's work directory " + workDir + ": " + e, e);
        }
    }

    /**
     * Writes one record. Conversion and partitioning errors ({@code DataException}s) leave every file as it was,
     * so the caller may report the record as errant and go on.
     */
    public void write(SinkRecord record) {
        String partitionPath = partitioner.encodePartition(record);
        FileKey key;
        OpenFile file;
        if (lastFile != null && lastKey.tp().partition() == record.kafkaPartition()
                && lastKey.tp().topic().equals(record.topic()) && lastKey.partitionPath().equals(partitionPath)) {
            // most records go where the one before went: that file is already the most recently used
            key = lastKey;
            file = lastFile;
        } else {
            key = new FileKey(new TopicPartition(record.topic(), record.kafkaPartition()), partitionPath);
            file = open.get(key);
        }
        TopicPartition tp = key.tp();
        ConvertedRecord row = converter.convert(record, file == null ? null : file.writer.schema());
        if (file != null && (row.needsNewFile(file.writer.schema()) || dueForRotation(file, record))) {
            finish(key);
            file = null;
        }
        if (file == null) {
            if (open.size() >= rotation.maxOpenFiles()) {
                finish(open.keySet().iterator().next());
            }
            file = openFile(key, record, row);
        }
        try {
            file.writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file.writer.path() + " failed", e);
        }
        markProcessed(tp, record.kafkaOffset(), 1);
        lastKey = key;
        lastFile = file;
        if (rotation.fullAt(file.writer.records(), file.writer.encodedBytes())) {
            finish(key);
        }
    }

    /** Counts an offset the task handled without writing a row (a tombstone ignored, a record sent to the DLQ). */
    public void skip(SinkRecord record) {
        markProcessed(new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset(), 0);
    }

    /** Finishes every open file; returns all finished files and the progress per partition since the last call. */
    public Flush closeAll() {
        new ArrayList<>(open.keySet()).forEach(this::finish);
        Map<TopicPartition, Progress> processed = new HashMap<>();
        progress.forEach((tp, counter) -> processed.put(tp, new Progress(counter.lastOffset, counter.records)));
        Flush flush = new Flush(List.copyOf(closed), Map.copyOf(processed));
        closed.clear();
        progress.clear();
        return flush;
    }

    /** Finished files and per-partition progress handed over for one commit cycle. */
    public record Flush(List<ClosedFile> files, Map<TopicPartition, Progress> progress) {
    }

    /** Forgets everything held for a partition: open files are aborted, finished ones deleted. */
    public void drop(TopicPartition tp) {
        lastFile = null;
        for (Iterator<Map.Entry<FileKey, OpenFile>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<FileKey, OpenFile> e = it.next();
            if (e.getKey().tp().equals(tp)) {
                abortQuietly(e.getValue().writer);
                it.remove();
            }
        }
        closed.removeIf(f -> {
            if (f.topicPartition().equals(tp)) {
                deleteQuietly(f.file().path());
                return true;
            }
            return false;
        });
        progress.remove(tp);
    }

    public int openFiles() {
        return open.size();
    }

    @Override
    public void close() {
        lastFile = null;
        open.values().forEach(f -> abortQuietly(f.writer));
        open.clear();
        closed.forEach(f -> deleteQuietly(f.file().path()));
        closed.clear();
        if (encoder != null) {
            encoder.close();
        }
    }

    private boolean dueForRotation(OpenFile file, SinkRecord record) {
        return rotation.rotateIntervalMs() > 0 && file.firstTimestamp != null && record.timestamp() != null
                && record.timestamp() - file.firstTimestamp >= rotation.rotateIntervalMs();
    }

    private OpenFile openFile(FileKey key, SinkRecord record, ConvertedRecord row) {
        String lakePath = paths.filePath(record.topic(), key.partitionPath(), record.kafkaPartition(),
                record.kafkaOffset(), "parquet");
        Path local = workDir.resolve(UUID.randomUUID() + ".parquet");
        try {
            OpenFile file = new OpenFile(ParquetRowWriter.open(local, row.schema(), settings, encoder), lakePath, key.tp(),
                    record.timestamp());
            open.put(key, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a Parquet file in " + workDir, e);
        }
    }

    private void finish(FileKey key) {
        lastFile = null;
        OpenFile file = open.remove(key);
        try {
            closed.add(new ClosedFile(file.tp, file.lakePath, file.writer.finish()));
        } catch (IOException e) {
            throw new UncheckedIOException("finishing " + file.writer.path() + " failed", e);
        }
    }

    private void markProcessed(TopicPartition tp, long offset, long rows) {
        Processed counter = progress.get(tp);
        if (counter == null) {
            counter = new Processed();
            progress.put(tp, counter);
        }
        counter.lastOffset = Math.max(counter.lastOffset, offset);
        counter.records += rows;
    }

    private static void abortQuietly(ParquetRowWriter writer) {
        try {
            writer.abort();
        } catch (IOException ignored) {
            // the file is discarded either way
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray local file is never uploaded
        }
    }
}
