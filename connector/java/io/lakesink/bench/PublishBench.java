package io.lakesink.bench;

import io.lakesink.check.Check;
import io.lakesink.check.CheckContext;
import io.lakesink.check.catalog.CheckTypes;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.connect.LakeSinkConnector;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.record.ConvertedRecord;
import io.lakesink.record.ParquetRowWriter;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time from a record's production to its visibility on main, with commits every 5 s and three checks, and the time a
 * sql check takes per 100,000 new rows.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Benchmarks publishing: produce-to-main latency (median, p99) and sql check time per 100k rows.")
public final class PublishBench implements Callable<Integer> {
    private static final long COMMIT_INTERVAL_MS = 5_000;

    @Option(names = "--seconds", description = "how long records are produced (default: ${DEFAULT-VALUE})")
    int seconds = 30;

    @Option(names = "--rate", description = "records per second (default: ${DEFAULT-VALUE})")
    int rate = 200;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("lakesink-bench-publish");
        System.out.printf("LakeSink publish benchmark: %d records/s for %d s, commits every %d ms, three checks%n",
                rate, seconds, COMMIT_INTERVAL_MS);
        List<Long> latencies = latencies(work.resolve("lake"));
        Collections.sort(latencies);
        long median = latencies.get(latencies.size() / 2);
        long p99 = latencies.get((int) Math.min(latencies.size() - 1, Math.round(latencies.size() * 0.99)));
        double sqlMs = sqlCheckMillisPer100k(work.resolve("check"));
        System.out.printf("produce -> main latency over %,d records: median %,d ms, p99 %,d ms%n", latencies.size(),
                median, p99);
        System.out.printf("goal: <= commit interval + check time + 2 s = %,.0f ms (ratio p99/goal %.2f)%n",
                COMMIT_INTERVAL_MS + sqlMs + 2_000, p99 / (COMMIT_INTERVAL_MS + sqlMs + 2_000));
        System.out.printf("sql check over 100,000 new rows: %,.0f ms%n", sqlMs);
        return 0;
    }

    private List<Long> latencies(Path lakeDir) throws Exception {
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("lakesink-bench-publish")
                .numWorkers(1).workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "5000")))
                .brokerProps(broker).build();
        connect.start();
        Map<TopicPartition, Map<Long, Long>> producedAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            String topic = "orders";
            connect.kafka().createTopic(topic, 2);
            Map<String, String> c = new HashMap<>();
            c.put("connector.class", LakeSinkConnector.class.getName());
            c.put("tasks.max", "1");
            c.put("topics", topic);
            c.put("value.converter", JsonConverter.class.getName());
            c.put("value.converter.schemas.enable", "false");
            c.put("lake.embedded.path", lakeDir.toString());
            c.put("lake.repository", "bench");
            c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
            c.put("commit.interval.ms", Long.toString(COMMIT_INTERVAL_MS));
            c.put("checks", "no_negative,enough_rows,ids_present");
            c.put("checks.no_negative.type", "sql");
            c.put("checks.no_negative.sql", "SELECT * FROM orders WHERE amount < 0");
            c.put("checks.enough_rows.type", "row-count");
            c.put("checks.enough_rows.min", "1");
            c.put("checks.ids_present.type", "not-null");
            c.put("checks.ids_present.columns", "id");
            connect.configureConnector("bench-publish", c);
            connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning("bench-publish", 1, "not running");

            Map<String, Object> props = Map.of("bootstrap.servers", connect.kafka().bootstrapServers(), "linger.ms", 0);
            OffsetMap seen = OffsetMap.EMPTY;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                long end = System.currentTimeMillis() + seconds * 1000L;
                long sent = 0;
                long start = System.currentTimeMillis();
                while (System.currentTimeMillis() < end) {
                    while (sent < (System.currentTimeMillis() - start) * rate / 1000) {
                        long id = sent++;
                        long at = System.currentTimeMillis();
                        producer.send(new ProducerRecord<>(topic, "k" + id, "{\"id\":" + id + ",\"amount\":"
                                + (id % 100) + "}"), (md, e) -> {
                            if (e == null) {
                                producedAt.computeIfAbsent(new TopicPartition(md.topic(), md.partition()),
                                        tp -> new ConcurrentHashMap<>()).put(md.offset(), at);
                            }
                        });
                    }
                    seen = observe(lake, seen, producedAt, latencies);
                    Thread.sleep(20);
                }
                producer.flush();
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (producedAt.values().stream().anyMatch(m -> !m.isEmpty()) && System.currentTimeMillis() < deadline) {
                seen = observe(lake, seen, producedAt, latencies);
                Thread.sleep(20);
            }
            System.out.printf("  %,d records reached main%n", latencies.size());
            return new ArrayList<>(latencies);
        } finally {
            connect.stop();
        }
    }

    /** Records whose offsets main's head now covers are visible: their latency is now minus their production. */
    private static OffsetMap observe(EmbeddedLake lake, OffsetMap seen, Map<TopicPartition, Map<Long, Long>> producedAt,
                                     List<Long> latencies) {
        OffsetMap onMain = CommitMetadata.offsetsAt(lake, "bench", "main");
        if (onMain.equals(seen)) {
            return seen;
        }
        long now = System.currentTimeMillis();
        onMain.asMap().forEach((tp, next) -> {
            Map<Long, Long> pending = producedAt.getOrDefault(tp, Map.of());
            pending.keySet().removeIf(offset -> {
                if (offset < next) {
                    latencies.add(now - pending.get(offset));
                    return true;
                }
                return false;
            });
        });
        return onMain;
    }

    private static double sqlCheckMillisPer100k(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("orders.parquet");
        RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);
        ParquetRowWriter writer = null;
        for (long i = 0; i < 100_000; i++) {
            SinkRecord r = new SinkRecord("orders", 0, null, null, BenchRecords.SCHEMA, BenchRecords.struct(i), i,
                    1_700_000_000_000L + i, TimestampType.CREATE_TIME);
            ConvertedRecord row = converter.convert(r, writer == null ? null : writer.schema());
            if (writer == null) {
                writer = ParquetRowWriter.open(file, row.schema(), ParquetSettings.DEFAULT);
            }
            writer.write(row);
        }
        writer.finish();
        var type = CheckTypes.byName("sql");
        Check check = type.create("bench", new AbstractConfig(type.configDef(),
                Map.of("sql", "SELECT * FROM orders WHERE price < 0 OR quantity <= 0")));
        CheckContext context = new SingleFileContext(file);
        check.run(context);
        int runs = 5;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            check.run(context);
        }
        return (System.nanoTime() - start) / 1e6 / runs;
    }

    /** A commit holding one file of topic {@code orders}. */
    private record SingleFileContext(Path file) implements CheckContext {
        @Override
        public String repository() {
            return "bench";
        }

        @Override
        public String commitId() {
            return "bench";
        }

        @Override
        public String mainCommitId() {
            return "bench-main";
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
            return List.of("orders");
        }

        @Override
        public List<Path> newFiles(String topic) {
            return List.of(file);
        }

        @Override
        public List<Path> mainFiles(String topic) {
            return List.of();
        }

        @Override
        public Path scratch() {
            return file.getParent();
        }

        @Override
        public List<String> newObjectPaths() {
            return List.of(file.toString());
        }
    }
}
