package io.lakesink.connect;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly-once under chaos: two Connect workers, four tasks, records produced all along while tasks, the connector
 * and workers are restarted at random moments, partitions and a worker are added, and the lake is locked past its
 * lock timeout. At the end every produced offset is on the ingest branch exactly once, no file is linked twice, and
 * the head's offsets are the partitions' end offsets. Replay a failure with -Dlakesink.chaos.seed=<seed>.
 */
class ExactlyOnceChaosTest {
    private static final String TOPIC = "chaos";
    private static final String CONNECTOR = "chaos-sink";
    private static final String REPO = "chaos";

    @Test
    void everyOffsetLandsExactlyOnceWhateverHappens() throws Exception {
        long seed = Long.getLong("lakesink.chaos.seed", System.nanoTime());
        System.out.println("chaos test seed: " + seed + " (replay with -Dlakesink.chaos.seed=" + seed + ")");
        Random random = new Random(seed);
        Path lakeDir = Files.createTempDirectory("lakesink-chaos");
        EmbeddedConnectCluster connect = cluster();
        connect.start();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong produced = new AtomicLong();
        Thread producer = null;
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir);
             Admin admin = Admin.create(Map.of("bootstrap.servers", connect.kafka().bootstrapServers()))) {
            connect.kafka().createTopic(TOPIC, 6);
            connect.configureConnector(CONNECTOR, sinkConfig(connect, lakeDir));
            connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning(CONNECTOR, 4, "the sink did not start");
            producer = startProducer(connect.kafka().bootstrapServers(), producing, produced, 25_000);

            int actions = 14;
            for (int i = 0; i < actions; i++) {
                Thread.sleep(500 + random.nextInt(2500));
                String action = act(connect, admin, lakeDir, random, i);
                System.out.printf("chaos action %d/%d: %s (%,d records produced)%n", i + 1, actions, action,
                        produced.get());
            }
            producer.join(120_000);
            producing.set(false);
            restartFailedTasks(connect);

            Map<TopicPartition, Long> end = endOffsets(admin);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(produced.get(), total, "every produced record is in Kafka");
            TestUtils.waitForCondition(() -> {
                restartFailedTasks(connect);
                return CommitMetadata.offsetsAt(lake, REPO, "ingest").asMap().equals(end);
            }, 180_000, () -> "the ingest head never reached the end offsets " + end + "; it has "
                    + CommitMetadata.offsetsAt(lake, REPO, "ingest"));

            List<ObjectStats> files = LakeFixture.all(p -> lake.listObjects(REPO, "ingest", "topics/", p));
            Set<String> addresses = new HashSet<>();
            files.forEach(f -> assertTrue(addresses.add(f.physicalAddress()), "file linked twice: " + f));
            String list = files.stream().map(f -> "'" + Path.of(java.net.URI.create(f.physicalAddress())) + "'")
                    .collect(Collectors.joining(",", "[", "]"));
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
                s.execute("CREATE VIEW r AS SELECT * FROM read_parquet(" + list + ", union_by_name = true)");
                var rs = s.executeQuery("SELECT count(*), count(DISTINCT (_kafka_partition, _kafka_offset)) FROM r");
                rs.next();
                assertEquals(total, rs.getLong(2), "offsets missing on the ingest branch");
                assertEquals(total, rs.getLong(1), "offsets written more than once");
                var max = s.executeQuery("SELECT _kafka_partition, max(_kafka_offset) + 1 FROM r GROUP BY 1");
                Map<TopicPartition, Long> maxPlusOne = new HashMap<>();
                while (max.next()) {
                    maxPlusOne.put(new TopicPartition(TOPIC, max.getInt(1)), max.getLong(2));
                }
                assertEquals(end, maxPlusOne);
            }
            OffsetMap head = CommitMetadata.offsetsOf(lake.getCommit(REPO, "ingest"));
            assertEquals(end, head.asMap(), "the head commit alone says where every partition stands");

            // clean-up: uploads no commit linked (the crashes above may leave some; this one is left as a cycle
            // killed between upload and commit leaves it) are deleted by the running connector after the grace
            var orphan = lake.getPhysicalAddress(REPO, "ingest", "topics/orphan.parquet");
            lake.writePhysical(REPO, orphan, new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
            long unlinked = lake.countUnlinkedPhysicalAddresses(REPO);
            System.out.println("unlinked uploads after the chaos: " + unlinked);
            assertTrue(unlinked > 0);
            TestUtils.waitForCondition(() -> lake.countUnlinkedPhysicalAddresses(REPO) == 0, 60_000,
                    () -> lake.countUnlinkedPhysicalAddresses(REPO) + " unlinked upload(s) never collected");
            assertEquals(files.size(), LakeFixture.all(p -> lake.listObjects(REPO, "ingest", "topics/", p)).size(),
                    "collection never touches linked files");
        } finally {
            producing.set(false);
            if (producer != null) {
                producer.join(10_000);
            }
            connect.stop();
        }
    }

    private static EmbeddedConnectCluster cluster() {
        // tasks of a removed worker move at once, and new partitions are seen within a second
        return TestClusters.connect("lakesink-chaos", 2, Map.of("scheduled.rebalance.max.delay.ms", "2000",
                "consumer.metadata.max.age.ms", "1000"));
    }

    private static Map<String, String> sinkConfig(EmbeddedConnectCluster connect, Path lakeDir) {
        Map<String, String> c = new HashMap<>();
        c.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, LakeSinkConnector.class.getName());
        c.put(ConnectorConfig.TASKS_MAX_CONFIG, "4");
        c.put("topics", TOPIC);
        c.put(ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, StringConverter.class.getName());
        c.put(ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG, JsonConverter.class.getName());
        c.put("value.converter.schemas.enable", "false");
        c.put("lake.embedded.path", lakeDir.toString());
        c.put("unlinked.files.grace.ms", "3000");
        c.put("lake.repository", REPO);
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("commit.interval.ms", "1000");
        c.put("commit.timeout.ms", "4000");
        c.put("flush.size", "500");
        c.put("publish.enabled", "false");
        return c;
    }

    private static String act(EmbeddedConnectCluster connect, Admin admin, Path lakeDir, Random random, int i)
            throws Exception {
        // four fixed disruptions among ten random restarts: new partitions, a new worker, the lake locked twice
        switch (i == 3 ? 5 : i == 5 || i == 10 ? 6 : i == 8 ? 4 : random.nextInt(4)) {
            case 0 -> {
                int task = random.nextInt(4);
                retryWhileRebalancing(() -> connect.restartTask(CONNECTOR, task));
                return "restart task " + task;
            }
            case 1 -> {
                retryWhileRebalancing(() -> connect.restartConnectorAndTasks(CONNECTOR, false, true, false));
                return "restart the connector and all its tasks";
            }
            case 2 -> {
                connect.removeWorker();
                connect.addWorker();
                return "replace a worker";
            }
            case 3 -> {
                retryWhileRebalancing(() -> connect.pauseConnector(CONNECTOR));
                Thread.sleep(500 + random.nextInt(1000));
                retryWhileRebalancing(() -> connect.resumeConnector(CONNECTOR));
                return "pause and resume";
            }
            case 4 -> {
                connect.addWorker();
                return "add a worker";
            }
            case 5 -> {
                admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(8))).all().get();
                return "add partitions (6 -> 8)";
            }
            default -> {
                lockLake(lakeDir, 11_000 + random.nextInt(3000));
                return "lock the lake past its lock timeout";
            }
        }
    }

    /**
     * Connect answers 409 while its workers rebalance (the previous action may have started one); an operator would
     * retry the request, and so does the test.
     */
    private static void retryWhileRebalancing(Runnable request) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                request.run();
                return;
            } catch (ConnectRestException e) {
                if (e.statusCode() != 409 || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Holds the lake database's write lock from "another process" for a while, in the background. */
    private static void lockLake(Path lakeDir, long millis) {
        Thread t = new Thread(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + lakeDir.resolve("lake.db"));
                 Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 30000");
                s.execute("BEGIN IMMEDIATE");
                Thread.sleep(millis);
                s.execute("ROLLBACK");
            } catch (Exception e) {
                throw new IllegalStateException("could not lock the lake", e);
            }
        }, "lake-locker");
        t.start();
    }

    private static Thread startProducer(String bootstrap, AtomicBoolean producing, AtomicLong produced, int count) {
        Thread t = new Thread(() -> {
            Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.METADATA_MAX_AGE_CONFIG, 1000, ProducerConfig.LINGER_MS_CONFIG, 5);
            try (KafkaProducer<String, String> p = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                // spread over the chaos: about 1,000 records a second, in batches
                for (int i = 0; i < count && producing.get(); i++) {
                    p.send(new ProducerRecord<>(TOPIC, "k" + i, "{\"id\":" + i + ",\"v\":\"" + "x".repeat(i % 50) + "\"}"),
                            (metadata, error) -> {
                                if (error == null) {
                                    produced.incrementAndGet();
                                }
                            });
                    if (i % 100 == 99) {
                        Thread.sleep(100);
                    }
                }
                p.flush();
            } catch (Exception e) {
                throw new IllegalStateException("producer failed after " + produced.get() + " records", e);
            }
        }, "chaos-producer");
        t.start();
        return t;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        int partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> {
            if (info.offset() > 0) {
                end.put(tp, info.offset());
            }
        });
        return end;
    }

    /** A zombie instance fenced by its successor fails by design; its live successor must be running. */
    private static void restartFailedTasks(EmbeddedConnectCluster connect) {
        try {
            connect.connectorStatus(CONNECTOR).tasks().stream()
                    .filter(t -> AbstractStatus.State.FAILED.toString().equals(t.state()))
                    .forEach(t -> {
                        System.out.println("task " + t.id() + " failed: " + t.trace().lines().findFirst().orElse(""));
                        connect.restartTask(CONNECTOR, t.id());
                    });
        } catch (Exception e) {
            // the status endpoint may be busy during a rebalance; try again on the next round
        }
    }
}
