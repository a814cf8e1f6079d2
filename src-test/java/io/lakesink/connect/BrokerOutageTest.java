package io.lakesink.connect;

import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The only broker goes away while records stream, twice: LakeSink must commit again as soon as Kafka lets any sink
 * work again (measured with a trivial sink on the same records), and a task stopped while the broker is away must
 * stop within Connect's graceful-stop timeout. Exactly-once holds throughout.
 */
class BrokerOutageTest {
    private static final String TOPIC = "clicks";
    private static final long COMMIT_INTERVAL_MS = 1_000;
    private static final long OUTAGE_MS = 20_000;
    /** Connect's default task.shutdown.graceful.timeout.ms. */
    private static final long GRACEFUL_STOP_MS = 5_000;

    @TempDir
    Path lakeDir;
    private EmbeddedConnectCluster connect;
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicReference<Throwable> producerFailure = new AtomicReference<>();

    @AfterEach
    void stop() {
        producing.set(false);
        if (connect != null) {
            connect.stop();
        }
    }

    private Map<String, String> sinkConfig(String name) {
        Map<String, String> c = new HashMap<>();
        c.put("name", name);
        c.put("connector.class", OpenTimedLakeSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", TOPIC);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("lake.embedded.path", lakeDir.toString());
        c.put("lake.repository", name);
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("commit.interval.ms", Long.toString(COMMIT_INTERVAL_MS));
        c.put("commit.timeout.ms", "5000");
        return c;
    }

    @Test
    void aBrokerOutageCostsSecondsAndATaskStopsInTimeWhileKafkaIsAway() throws Exception {
        connect = TestClusters.connect("outage", 1, Map.of());
        connect.start();
        connect.kafka().createTopic(TOPIC, 2);
        Thread producer = new Thread(this::produce, "outage-producer");
        producer.setDaemon(true);
        producer.start();

        connect.configureConnector("clicks-lake", sinkConfig("clicks-lake"));
        Map<String, String> trivial = Map.of("connector.class", StampingSinkConnector.class.getName(), "tasks.max",
                "1", "topics", TOPIC, "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter");
        connect.configureConnector("clicks-trivial", trivial);
        connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning("clicks-lake", 1, "LakeSink did not start");
        connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning("clicks-trivial", 1, "trivial did not start");

        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            TestUtils.waitForCondition(() -> !CommitMetadata.offsetsAt(lake, "clicks-lake", "ingest").isEmpty(),
                    60_000, "LakeSink never committed");

            for (int outage = 1; outage <= 2; outage++) {
                LakeSinkTask stranded = outage == 2 ? standaloneTask() : null;
                connect.kafka().stopOnlyBrokers();
                long down = System.currentTimeMillis();
                if (stranded != null) {
                    // let its coordinator start a cycle that cannot reach the control topic, then stop it
                    Thread.sleep(3 * COMMIT_INTERVAL_MS);
                    long before = System.currentTimeMillis();
                    stranded.stop();
                    long stopMillis = System.currentTimeMillis() - before;
                    System.out.printf("outage %d: a task stopped in %d ms while the broker was away%n", outage,
                            stopMillis);
                    assertTrue(stopMillis < GRACEFUL_STOP_MS, "stop took " + stopMillis + " ms; Connect gives "
                            + GRACEFUL_STOP_MS + " ms before it gives up on the task");
                }
                Thread.sleep(Math.max(0, OUTAGE_MS - (System.currentTimeMillis() - down))); // the fault's length
                String headAtRestart = lake.getBranch("clicks-lake", "ingest").commitId();
                String mainAtRestart = lake.getBranch("clicks-lake", "main").commitId();
                connect.kafka().restartOnlyBrokers();
                long back = System.currentTimeMillis();
                TestUtils.waitForCondition(() -> StampingSinkConnector.LAST_RECORDS_AT.get() > back, 120_000,
                        "the trivial sink never received records again");
                long trivialMillis = StampingSinkConnector.LAST_RECORDS_AT.get() - back;
                TestUtils.waitForCondition(() -> !lake.getBranch("clicks-lake", "ingest").commitId()
                        .equals(headAtRestart), 180_000, "LakeSink never committed again");
                long lakeMillis = System.currentTimeMillis() - back;
                TestUtils.waitForCondition(() -> !lake.getBranch("clicks-lake", "main").commitId()
                        .equals(mainAtRestart), 180_000, "LakeSink never published again");
                long mainMillis = System.currentTimeMillis() - back;
                // When Connect stopped the task during the outage, the new one gets its partitions only once the
                // consumer group settles (up to a session timeout): that wait is Connect's, not LakeSink's.
                long reopenedMillis = Math.max(0, OpenTimedLakeSinkConnector.LAST_OPEN_AT.get() - back);
                long connectMillis = Math.max(trivialMillis, reopenedMillis);
                System.out.printf("outage %d: trivial sink received records %d ms after the broker returned,"
                        + " LakeSink's task %s, LakeSink committed after %d ms and published after %d ms (commit"
                        + " interval %d ms)%n", outage, trivialMillis, reopenedMillis > 0 ? "was restarted by Connect"
                        + " and got its partitions after " + reopenedMillis + " ms" : "kept its partitions",
                        lakeMillis, mainMillis, COMMIT_INTERVAL_MS);
                assertTrue(lakeMillis <= connectMillis + 2 * COMMIT_INTERVAL_MS + 1_000, "LakeSink committed "
                        + lakeMillis + " ms after the broker returned; Connect let sinks work again after "
                        + connectMillis + " ms");
                assertTrue(mainMillis <= connectMillis + 2 * COMMIT_INTERVAL_MS + 2_000, "LakeSink published "
                        + mainMillis + " ms after the broker returned; Connect let sinks work again after "
                        + connectMillis + " ms");
            }

            producing.set(false);
            producer.join(180_000);
            assertNull(producerFailure.get());
            Map<TopicPartition, Long> ends = endOffsets();
            TestUtils.waitForCondition(() -> {
                OffsetMap at = CommitMetadata.offsetsAt(lake, "clicks-lake", "ingest");
                return ends.entrySet().stream().allMatch(e -> at.get(e.getKey()).orElse(-1L).equals(e.getValue()));
            }, 120_000, "ingest never caught up with " + ends);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Object> rows = LakeRows.query(LakeRows.files(lake, "clicks-lake", "ingest", "topics/"),
                    "SELECT count(*) AS n, count(DISTINCT (_kafka_partition, _kafka_offset)) AS d FROM rows").get(0);
            assertEquals(total, ((Number) rows.get("n")).longValue(), "every offset once on ingest");
            assertEquals(total, ((Number) rows.get("d")).longValue(), "every offset once on ingest");
            assertEquals("RUNNING", connect.connectorStatus("clicks-lake").tasks().get(0).state());
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (int p = 0; p < 2; p++) {
            TopicPartition tp = new TopicPartition(TOPIC, p);
            ends.put(tp, connect.kafka().endOffset(tp));
        }
        return ends;
    }

    /** ~1,000 records a second, through the outages (the producer buffers and retries). */
    private void produce() {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000, ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            long i = 0;
            while (producing.get()) {
                for (int n = 0; n < 100; n++, i++) {
                    p.send(new ProducerRecord<>(TOPIC, (int) (i % 2), "k" + i, "{\"i\":" + i + "}"), (md, e) -> {
                        if (e != null) {
                            producerFailure.compareAndSet(null, e);
                        }
                    });
                }
                Thread.sleep(100);
            }
            p.flush();
        } catch (Throwable t) {
            producerFailure.compareAndSet(null, t);
        }
    }

    /** A task of its own connector, driven by the test as Connect would, so its stop can be timed. */
    private LakeSinkTask standaloneTask() {
        Map<String, String> config = sinkConfig("stranded");
        config.put("topics", TOPIC);
        config.put("consumer.override.group.id", "stranded-group");
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        LakeSinkTask task = new LakeSinkTask();
        task.initialize(new FixedAssignmentContext(config, Set.of(tp)));
        task.start(config);
        task.open(List.of(tp));
        return task;
    }
}
