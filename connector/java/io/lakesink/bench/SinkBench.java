package io.lakesink.bench;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.connect.LakeSinkConnector;
import io.lakesink.lake.Pages;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.record.EncoderThread;
import io.lakesink.record.ParquetCodec;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import io.lakesink.write.ClosedFile;
import io.lakesink.write.DefaultPartitioner;
import io.lakesink.write.ObjectPaths;
import io.lakesink.write.Rotation;
import io.lakesink.write.TaskWriters;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The sink against a bare Parquet writer, in one run: (a) the benchmark records written by a plain
 * {@code AvroParquetWriter} to local files; (b) the same records produced to a real in-JVM broker and written by a
 * real Connect worker running LakeSink into the embedded lake, with commits every 10 s. Prints records/s and MB/s of
 * both and their ratio per task, the commit cycle's duration, and the peak heap of a task with 1,000 partitions open.
 * Also (c) LakeSink's own write path without broker and Connect, and (d) the same broker, worker and converter with
 * a sink that drops every record: Connect's own cost per record, the ceiling for any sink task.
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Benchmarks the sink end to end against a bare Parquet writer, and its memory with many"
                + " open partitions.")
public final class SinkBench implements Callable<Integer> {
    @Option(names = "--records", description = "records to write (default: ${DEFAULT-VALUE})")
    int records = 2_000_000;

    @Option(names = "--tasks", description = "connector tasks (default: ${DEFAULT-VALUE})")
    int tasks = 1;

    @Option(names = "--partitions", description = "open partitions for the memory measurement"
            + " (default: ${DEFAULT-VALUE})")
    int openPartitions = 1_000;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("lakesink-bench-sink");
        try {
            System.out.printf("LakeSink sink benchmark: %,d records of 10 fields, %d task(s)%n", records, tasks);
            // the sink runs in a warm JVM, so does its baseline; the fast in-process runs take the best of three
            bareWriter(work.resolve("warm-up"));
            writePath(work.resolve("warm-up-write"), RowLayout.DEFAULT, false, false);
            writePath(work.resolve("warm-up-encoder"), RowLayout.DEFAULT, true, false);
            writePath(work.resolve("warm-up-maps"), RowLayout.DEFAULT, false, true);
            Result bare = null;
            Result own = null;
            Result ownBare = null;
            Result ownEncoder = null;
            Result ownMaps = null;
            for (int run = 0; run < 3; run++) {
                bare = faster(bare, bareWriter(work.resolve("bare-" + run)));
                own = faster(own, writePath(work.resolve("write-" + run), RowLayout.DEFAULT, false, false));
                ownBare = faster(ownBare, writePath(work.resolve("write-no-coordinates-" + run),
                        new RowLayout(false, false, false), false, false));
                ownEncoder = faster(ownEncoder, writePath(work.resolve("write-encoder-" + run), RowLayout.DEFAULT,
                        true, false));
                ownMaps = faster(ownMaps, writePath(work.resolve("write-maps-" + run), RowLayout.DEFAULT, false,
                        true));
            }
            Result bareV2 = bareWriter(work.resolve("bare-v2"), WriterVersion.PARQUET_2_0);
            Result oldDefaults = writePath(work.resolve("write-old-defaults"), RowLayout.DEFAULT, true, false,
                    new ParquetSettings(ParquetCodec.SNAPPY, ParquetSettings.DEFAULT_ROW_GROUP_SIZE,
                            ParquetSettings.DEFAULT_PAGE_SIZE, true, WriterVersion.PARQUET_1_0),
                    Rotation.DEFAULT.withFlushSize(10_000));
            print("(a) bare AvroParquetWriter (zstd), local files", bare);
            print("(c) LakeSink's write path alone (Structs in)", own);
            print("(c') ... without the 4 Kafka coordinate columns", ownBare);
            print("(c'') ... with the encoder thread (the default)", ownEncoder);
            print("(c''') ... from schemaless maps (JSON, no schema)", ownMaps);
            SinkResult json = endToEnd(work.resolve("lake-json"), Format.JSON_WITH_SCHEMA, false);
            print("(b) Kafka -> Connect -> LakeSink, JsonConverter", json.written());
            SinkResult sink = endToEnd(work.resolve("lake-avro"), Format.AVRO_BINARY, false);
            print("(b) Kafka -> Connect -> LakeSink, Avro binary", sink.written());
            print("(b) ... and committed to the lake (10 s cycles)", sink.result());
            SinkResult ceiling = endToEnd(work.resolve("discard-avro"), Format.AVRO_BINARY, true);
            print("(d) Kafka -> Connect -> a sink that drops records", ceiling.written());
            System.out.printf("ratio (b)/(a) per task, records/s while writing: %.2f with Avro binary (goal >= 0.8),"
                            + " %.2f with JSON carrying its schema in every message; including the wait for the"
                            + " commit cycle: %.2f%n", sink.written().recordsPerSecond() / tasks / bare.recordsPerSecond(),
                    json.written().recordsPerSecond() / tasks / bare.recordsPerSecond(),
                    sink.result().recordsPerSecond() / tasks / bare.recordsPerSecond());
            System.out.printf("ceiling: Connect alone (consumer, Avro-binary converter, task loop; sink drops records)"
                            + " runs at %.2f of (a), so no sink task can reach more; LakeSink reaches %.2f of it%n",
                    ceiling.written().recordsPerSecond() / tasks / bare.recordsPerSecond(),
                    sink.written().recordsPerSecond() / ceiling.written().recordsPerSecond());
            System.out.printf("ratio (c)/(a), LakeSink's own conversion and writing against the bare writer: %.2f"
                    + " (%.2f without the coordinate columns, the same columns as the bare writer; %.2f with the"
                    + " encoder thread; %.2f from schemaless maps)%n", own.recordsPerSecond() / bare.recordsPerSecond(),
                    ownBare.recordsPerSecond() / bare.recordsPerSecond(),
                    ownEncoder.recordsPerSecond() / bare.recordsPerSecond(),
                    ownMaps.recordsPerSecond() / bare.recordsPerSecond());
            System.out.printf("commit cycle: last %d ms, slowest %d ms (interval 10,000 ms)%n", sink.lastCycleMs(),
                    sink.maxCycleMs());
            System.out.printf("files and bytes per million rows (same %,d rows):%n", records);
            printSize("(a) bare AvroParquetWriter, zstd, no coordinate columns", bare);
            printSize("(a') ... in Parquet format v2, parquet-avro's other defaults", bareV2);
            printSize("(b) LakeSink at its defaults, Avro binary, committed", sink.result());
            printSize("(b) ... JSON with schemas, committed", json.result());
            printSize("(c) LakeSink's write path at its defaults", ownEncoder);
            printSize("(c') ... without the coordinate columns", ownBare);
            printSize("(c0) ... at the old defaults (flush.size 10,000, snappy, v1)", oldDefaults);
            System.out.printf("bytes (b)/(a): %.2f (goal <= 1.05, coordinates included); the coordinate columns add"
                            + " %.1f%% to LakeSink's file ((c) against (c')); files per commit: %.1f for %d"
                            + " partition(s) and %d task(s) over %d commit(s)%n",
                    (double) sink.result().bytes() / bare.bytes(),
                    100.0 * (ownEncoder.bytes() - ownBare.bytes()) / ownBare.bytes(),
                    (double) sink.result().files() / Math.max(1, sink.commits()), Math.max(4, tasks), tasks,
                    sink.commits());
            System.out.printf("  a task with %,d partitions open, %,d rows each, in a JVM capped at %d MiB...%n",
                    openPartitions, OpenPartitionsHeap.ROWS_PER_PARTITION, HEAP_GOAL_MIB);
            OpenPartitionsHeap.Heap heap = OpenPartitionsHeap.measure(openPartitions, work.resolve("memory"),
                    HEAP_GOAL_MIB);
            System.out.printf("heap with %,d partitions open in one task: fits in %d MiB (the goal); live %,d MiB with"
                            + " every file open, peak of the heap pools %,d MiB; %.0f%% of the run collecting garbage%n",
                    openPartitions, HEAP_GOAL_MIB, heap.liveBytes() / (1024 * 1024),
                    heap.peakPoolBytes() / (1024 * 1024), 100.0 * heap.gcMillis() / Math.max(1, heap.millis()));
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    record Result(long records, long bytes, long nanos, long files) {
        Result(long records, long bytes, long nanos) {
            this(records, bytes, nanos, 0);
        }

        double recordsPerSecond() {
            return records / (nanos / 1e9);
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }

        double filesPerMillionRows() {
            return files * 1e6 / records;
        }

        double megabytesPerMillionRows() {
            return bytes / 1e6 * 1e6 / records;
        }
    }

    /** {@code written}: until every record was handed to the task; {@code result}: until all were committed. */
    record SinkResult(Result written, Result result, long lastCycleMs, long maxCycleMs, long commits) {
    }

    private static void print(String what, Result r) {
        System.out.printf("%-52s %,12.0f records/s %8.1f MB/s (%,d bytes of Parquet in %,d file(s), %.1f s)%n",
                what, r.recordsPerSecond(), r.megabytesPerSecond(), r.bytes(), r.files(), r.nanos() / 1e9);
    }

    private static void printSize(String what, Result r) {
        System.out.printf("  %-58s %9.1f files %8.2f MB per million rows%n", what, r.filesPerMillionRows(),
                r.megabytesPerMillionRows());
    }

    private static Result faster(Result best, Result next) {
        return best == null || next.nanos() < best.nanos() ? next : best;
    }

    private static final int HEAP_GOAL_MIB = 512;

    /** Input chunks are built outside the timed sections: both writers are timed on writing alone. */
    private static final int CHUNK = 10_000;

    /** A plain parquet-avro writer with zstd, no coordinate columns, a new file at LakeSink's target size. */
    private Result bareWriter(Path dir) throws Exception {
        return bareWriter(dir, WriterVersion.PARQUET_1_0);
    }

    /** Likewise in a chosen Parquet format version (parquet-avro's default is 1). */
    private Result bareWriter(Path dir, WriterVersion version) throws Exception {
        Files.createDirectories(dir);
        long nanos = 0;
        long bytes = 0;
        int files = 0;
        long next = 0;
        while (next < records) {
            Path path = dir.resolve("bare-" + files++ + ".parquet");
            long start = System.nanoTime();
            try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(path))
                    .withConf(new PlainParquetConfiguration()).withSchema(BenchRecords.AVRO)
                    .withDataModel(GenericData.get()).withCompressionCodec(CompressionCodecName.ZSTD)
                    .withWriterVersion(version)
                    .withRowGroupSize(ParquetSettings.DEFAULT.rowGroupSizeBytes())
                    .withPageSize(ParquetSettings.DEFAULT.pageSizeBytes()).build()) {
                nanos += System.nanoTime() - start;
                while (next < records && w.getDataSize() < Rotation.DEFAULT_FILE_SIZE_TARGET_BYTES) {
                    List<GenericRecord> chunk = new ArrayList<>(CHUNK);
                    for (long i = next; i < Math.min(records, next + CHUNK); i++) {
                        chunk.add(BenchRecords.avro(i));
                    }
                    next += chunk.size();
                    start = System.nanoTime();
                    for (GenericRecord r : chunk) {
                        w.write(r);
                    }
                    nanos += System.nanoTime() - start;
                }
                start = System.nanoTime();
            }
            nanos += System.nanoTime() - start;
            bytes += Files.size(path);
        }
        return new Result(records, bytes, nanos, files);
    }

    /**
     * What a task does with records Connect already converted: Connect Struct (or, {@code schemaless}, a map as
     * JsonConverter gives without schemas) to Avro row (with the Kafka coordinate columns), partition path, Parquet
     * file with the sink's default settings; no broker, no Connect.
     */
    private Result writePath(Path dir, RowLayout layout, boolean encoderThread, boolean schemaless) throws Exception {
        return writePath(dir, layout, encoderThread, schemaless, ParquetSettings.DEFAULT, Rotation.DEFAULT);
    }

    private Result writePath(Path dir, RowLayout layout, boolean encoderThread, boolean schemaless,
                             ParquetSettings settings, Rotation rotation) throws Exception {
        Files.createDirectories(dir);
        long nanos = 0;
        long bytes = 0;
        int files;
        try (TaskWriters writers = new TaskWriters(dir, new RecordConverter(layout), new DefaultPartitioner(),
                new ObjectPaths("topics"), settings, rotation,
                encoderThread ? new EncoderThread("bench-encoder") : null)) {
            for (long from = 0; from < records; from += CHUNK) {
                List<SinkRecord> chunk = new ArrayList<>(CHUNK);
                for (long i = from; i < Math.min(records, from + CHUNK); i++) {
                    chunk.add(schemaless
                            ? new SinkRecord("events", 0, null, null, null, BenchRecords.map(i), i,
                                    BenchRecords.BASE_TIME + i, TimestampType.CREATE_TIME)
                            : new SinkRecord("events", 0, null, null, BenchRecords.SCHEMA, BenchRecords.struct(i), i,
                                    BenchRecords.BASE_TIME + i, TimestampType.CREATE_TIME));
                }
                long start = System.nanoTime();
                for (SinkRecord r : chunk) {
                    writers.write(r);
                }
                nanos += System.nanoTime() - start;
            }
            long start = System.nanoTime();
            List<ClosedFile> closed = writers.closeAll().files();
            nanos += System.nanoTime() - start;
            for (ClosedFile f : closed) {
                bytes += Files.size(f.file().path());
            }
            files = closed.size();
        }
        return new Result(records, bytes, nanos, files);
    }

    /** In src-test with its converter: the bench runs on the test class path, and neither ships in the plugin. */
    private static final String DISCARDING_CONNECTOR = "io.lakesink.bench.DiscardingSinkConnector";

    private static String connectorName(Format format, boolean discard) {
        return (discard ? "bench-discard-" : "bench-sink-") + format.name().toLowerCase();
    }

    /** How the records travel through Kafka, and the converter that reads them. */
    enum Format {
        JSON_WITH_SCHEMA, AVRO_BINARY
    }

    /** {@code discard}: run {@link #DISCARDING_CONNECTOR} instead of LakeSink, nothing is written or committed. */
    private SinkResult endToEnd(Path lakeDir, Format format, boolean discard) throws Exception {
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("lakesink-bench").numWorkers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "10000"))).brokerProps(broker).build();
        connect.start();
        try {
            String topic = "events";
            connect.kafka().createTopic(topic, Math.max(4, tasks));
            System.out.printf("  producing %,d records...%n", records);
            produce(connect.kafka().bootstrapServers(), topic, format);
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", discard ? DISCARDING_CONNECTOR : LakeSinkConnector.class.getName());
            config.put("tasks.max", Integer.toString(tasks));
            config.put("topics", topic);
            if (format == Format.JSON_WITH_SCHEMA) {
                config.put("value.converter", JsonConverter.class.getName());
                config.put("value.converter.schemas.enable", "true");
            } else {
                // in src-test: the bench runs on the test class path, and the converter must not ship in the plugin
                config.put("value.converter", "io.lakesink.bench.BenchAvroConverter");
            }
            config.put("lake.embedded.path", lakeDir.toString());
            config.put("lake.repository", "bench");
            config.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
            config.put("commit.interval.ms", "10000");
            config.put("publish.enabled", "false");
            config.put("consumer.override.max.poll.records", "5000");
            long start = System.nanoTime();
            try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
                String name = connectorName(format, discard);
                connect.configureConnector(name, config);
                long writtenNanos = 0;
                long firstRead = 0;
                long committed = 0;
                long lastReport = 0;
                while (discard ? writtenNanos == 0 : committed < records) {
                    Thread.sleep(20);
                    long read = recordsRead(name);
                    if (firstRead == 0 && read > 0) {
                        // the task is up and has its first records: writing starts now, not at connector creation
                        firstRead = System.nanoTime();
                    }
                    if (writtenNanos == 0 && read >= records) {
                        writtenNanos = System.nanoTime() - firstRead;
                    }
                    committed = discard ? 0 : committedRecords(lake);
                    if (System.nanoTime() - lastReport > 2e9) {
                        lastReport = System.nanoTime();
                        System.out.printf("  %,d records handed to the task, %,d committed%n", recordsRead(name),
                                committed);
                    }
                }
                long nanos = System.nanoTime() - start;
                long bytes = discard ? 0 : parquetBytes(lake);
                long files = discard ? 0 : parquetFiles(lake);
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                long last = 0;
                long max = 0;
                for (ObjectName n : server.queryNames(new ObjectName("io.lakesink:type=LakeSink,*"), null)) {
                    if ((Boolean) server.getAttribute(n, "Coordinator")) {
                        last = (Long) server.getAttribute(n, "LastCommitCycleMillis");
                        max = (Long) server.getAttribute(n, "MaxCommitCycleMillis");
                    }
                }
                return new SinkResult(new Result(records, bytes, writtenNanos == 0 ? nanos : writtenNanos, files),
                        new Result(records, bytes, nanos, files), last, max, discard ? 0 : dataCommits(lake));
            }
        } finally {
            connect.stop();
        }
    }

    private void produce(String bootstrap, String topic, Format format) throws Exception {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "linger.ms", 20, "batch.size", 262_144,
                "compression.type", "lz4");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] value = format == Format.JSON_WITH_SCHEMA
                        ? json.fromConnectData(topic, BenchRecords.SCHEMA, BenchRecords.struct(i))
                        : BenchRecords.avroBinary(BenchRecords.avro(i));
                p.send(new ProducerRecord<>(topic, value));
            }
            p.flush();
        }
    }

    /** Records the run's sink tasks were given and wrote ({@code put()} returned): Connect's sink-record-send-total. */
    private static long recordsRead(String connector) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        for (ObjectName n : server.queryNames(new ObjectName("kafka.connect:type=sink-task-metrics,connector="
                + connector + ",*"), null)) {
            total += ((Number) server.getAttribute(n, "sink-record-send-total")).longValue();
        }
        return total;
    }

    private static long committedRecords(EmbeddedLake lake) {
        try {
            return CommitMetadata.offsetsAt(lake, "bench", "ingest").asMap().values().stream()
                    .mapToLong(Long::longValue).sum();
        } catch (io.lakesink.lake.LakeNotFoundException | io.lakesink.lake.LakeUnavailableException notYet) {
            return 0; // the task has not created the repository yet
        }
    }

    private static long parquetFiles(EmbeddedLake lake) {
        return Pages.all(p -> lake.listObjects("bench", "ingest", "topics/", p)).size();
    }

    /** Ingest commits that added files. */
    private static long dataCommits(EmbeddedLake lake) {
        return Pages.all(p -> lake.log("bench", "ingest", p)).stream()
                .filter(c -> !"0".equals(c.metadata().getOrDefault(CommitMetadata.FILES, "0"))).count();
    }

    private static long parquetBytes(EmbeddedLake lake) {
        return Pages.all(p -> lake.listObjects("bench", "ingest", "topics/", p)).stream()
                .mapToLong(ObjectStats::sizeBytes).sum();
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
