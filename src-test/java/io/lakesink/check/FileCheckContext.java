package io.lakesink.check;

import io.lakesink.offsets.OffsetMap;
import io.lakesink.record.ConvertedRecord;
import io.lakesink.record.ParquetRowWriter;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link CheckContext} over local Parquet files that tests write with the project's own writer. */
public final class FileCheckContext implements CheckContext {
    private final Path dir;
    private final Map<String, List<Path>> newFiles = new TreeMap<>();
    private final Map<String, List<Path>> mainFiles = new TreeMap<>();
    private final Set<String> connectorTopics = new HashSet<>();
    private final AtomicInteger mainListings = new AtomicInteger();

    public FileCheckContext(Path dir) {
        this.dir = dir;
    }

    /** Adds a new file of {@code topic} holding these schemaless rows. */
    public FileCheckContext withNew(String topic, List<Map<String, Object>> rows) throws Exception {
        newFiles.computeIfAbsent(topic, t -> new ArrayList<>()).add(write(topic, rows));
        return this;
    }

    public FileCheckContext withMain(String topic, List<Map<String, Object>> rows) throws Exception {
        mainFiles.computeIfAbsent(topic, t -> new ArrayList<>()).add(write(topic, rows));
        return this;
    }

    private Path write(String topic, List<Map<String, Object>> rows) throws Exception {
        return parquet(dir.resolve(java.util.UUID.randomUUID() + ".parquet"), topic, rows);
    }

    /** Writes these schemaless rows of {@code topic} to {@code file} with the project's own writer. */
    public static Path parquet(Path file, String topic, List<Map<String, Object>> rows) throws Exception {
        RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);
        ParquetRowWriter writer = null;
        long offset = 0;
        for (Map<String, Object> row : rows) {
            SinkRecord r = new SinkRecord(topic, 0, null, null, null, row, offset++, 1_700_000_000_000L,
                    TimestampType.CREATE_TIME);
            ConvertedRecord converted = converter.convert(r, writer == null ? null : writer.schema());
            if (writer == null) {
                writer = ParquetRowWriter.open(file, converted.schema(), ParquetSettings.DEFAULT);
            }
            writer.write(converted);
        }
        writer.finish();
        return file;
    }

    @Override
    public String repository() {
        return "test";
    }

    @Override
    public String commitId() {
        return "c0ffee";
    }

    @Override
    public String mainCommitId() {
        return "main0";
    }

    @Override
    public Map<String, String> commitMetadata() {
        return Map.of();
    }

    @Override
    public OffsetMap offsets() {
        return OffsetMap.EMPTY;
    }

    @Override
    public List<String> topics() {
        return List.copyOf(newFiles.keySet());
    }

    @Override
    public List<Path> newFiles(String topic) {
        return newFiles.getOrDefault(topic, List.of());
    }

    @Override
    public List<Path> mainFiles(String topic) {
        mainListings.incrementAndGet();
        return mainFiles.getOrDefault(topic, List.of());
    }

    /** Like the lake's: one file, without listing all of main. */
    @Override
    public Optional<Path> columnsSample(String topic) {
        return mainFiles.getOrDefault(topic, List.of()).stream().findFirst();
    }

    @Override
    public boolean isConnectorTopic(String name) {
        return connectorTopics.contains(name) || newFiles.containsKey(name);
    }

    /** How often a check asked for all of main's files of a topic. */
    public int mainListings() {
        return mainListings.get();
    }

    /** The connector's topics beyond those with new rows (a check may name them). */
    public FileCheckContext withConnectorTopics(String... topics) {
        connectorTopics.addAll(List.of(topics));
        return this;
    }

    @Override
    public List<String> newObjectPaths() {
        return newFiles.values().stream().flatMap(List::stream).map(Path::toString).toList();
    }

    @Override
    public Path scratch() {
        return dir;
    }
}
