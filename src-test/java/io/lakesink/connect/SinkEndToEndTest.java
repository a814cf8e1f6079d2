package io.lakesink.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sink end to end: a real KRaft broker and two real Connect workers in the JVM, the connector started from
 * config-examples/embedded-sink.json (with test overrides), records produced to Kafka, and the committed Parquet
 * read back by DuckDB and compared with what was produced.
 */
class SinkEndToEndTest {
    private static final Path EXAMPLE = Path.of("config-examples", "embedded-sink.json");
    private static EmbeddedConnectCluster connect;
    private static Path lakeDir;

    @BeforeAll
    static void startCluster() throws Exception {
        lakeDir = Files.createTempDirectory("lakesink-e2e");
        connect = TestClusters.connect("lakesink-e2e", 2, Map.of());
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        if (connect != null) {
            connect.stop();
        }
    }

    /** The example config with this test's topic, repository, lake and fast commit cycles. */
    private static Map<String, String> sinkConfig(String topic, String repository, String... overrides)
            throws Exception {
        Map<String, String> c = new ObjectMapper().convertValue(
                new ObjectMapper().readTree(EXAMPLE.toFile()).get("config"), new TypeReference<>() { });
        c.put("topics", topic);
        c.put("lake.embedded.path", lakeDir.toString());
        c.put("lake.repository", repository);
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("commit.interval.ms", "1000");
        c.put("commit.timeout.ms", "5000");
        c.put("flush.size", "30");
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.topic.name", topic.replace(',', '-') + "-dlq");
        for (int i = 0; i < overrides.length; i += 2) {
            c.put(overrides[i], overrides[i + 1]);
        }
        return c;
    }

    private static void start(String name, Map<String, String> config) throws InterruptedException {
        connect.configureConnector(name, config);
        connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning(name, 1, name + " did not start");
    }

    /** Waits until the ingest branch's head records these next offsets for every partition of the topic. */
    private static Commit awaitOffsets(EmbeddedLake lake, String repo, String topic, long... nextOffsets)
            throws InterruptedException {
        return awaitOffsetsOn(lake, repo, "ingest", topic, nextOffsets);
    }

    private static Commit awaitOffsetsOn(EmbeddedLake lake, String repo, String branch, String topic,
                                         long... nextOffsets) throws InterruptedException {
        TestUtils.waitForCondition(() -> {
            OffsetMap offsets = CommitMetadata.offsetsOf(lake.getCommit(repo, branch));
            for (int p = 0; p < nextOffsets.length; p++) {
                if (offsets.get(new TopicPartition(topic, p)).orElse(-1L) != nextOffsets[p]) {
                    return false;
                }
            }
            return true;
        }, 60_000, "branch " + branch + " of " + repo + " never recorded offsets "
                + java.util.Arrays.toString(nextOffsets));
        return lake.getCommit(repo, branch);
    }

    @Test
    void schemalessJsonFromTwoTasksOnTwoWorkersLandsWithItsOffsetsExactlyOnce() throws Exception {
        String topic = "orders";
        connect.kafka().createTopic(topic, 4);
        int records = 200;
        for (int i = 0; i < records; i++) {
            connect.kafka().produce(topic, i % 4, "k" + i, "{\"id\":" + i + ",\"amount\":" + (i * 1.5) + "}");
        }
        start("orders-sink", sinkConfig(topic, "orders-lake", "tasks.max", "2"));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            Commit head = awaitOffsets(lake, "orders-lake", topic, 50, 50, 50, 50);
            List<Map<String, Object>> r = LakeRows.query(LakeRows.files(lake, "orders-lake", "ingest", "topics/"),
                    "SELECT count(*) AS n, count(DISTINCT (_kafka_partition, _kafka_offset)) AS distinct_offsets,"
                            + " sum(id) AS ids, sum(amount) AS amount FROM rows");
            Map<String, Object> totals = r.get(0);
            assertEquals(records, ((Number) totals.get("n")).longValue(), "rows on the ingest branch");
            assertEquals(records, ((Number) totals.get("distinct_offsets")).longValue(), "every offset exactly once");
            assertEquals(records * (records - 1) / 2, ((Number) totals.get("ids")).longValue());
            assertEquals(29850.0, ((Number) totals.get("amount")).doubleValue(), 1e-9);
            assertEquals("orders-sink", head.metadata().get(CommitMetadata.CONNECTOR));
            // no checks configured: every ingest commit is published to main by a merge
            Commit published = awaitOffsetsOn(lake, "orders-lake", "main", topic, 50, 50, 50, 50);
            assertEquals(head.id(), published.metadata().get(io.lakesink.publish.PublishMetadata.SOURCE));
            assertEquals(LakeRows.files(lake, "orders-lake", "ingest", "topics/").size(),
                    LakeRows.files(lake, "orders-lake", "main", "topics/").size());
            assertExactlyOneCoordinatorReports(published.metadata().get(io.lakesink.publish.PublishMetadata.SOURCE));
            assertEquals(2, connect.connectorStatus("orders-sink").tasks().stream()
                    .map(t -> t.workerId()).distinct().count(), "the two tasks should run on both workers");
            // a task that got its partitions only after the other had written everything never needed one
            long encoders = encoderThreads("orders-sink");
            assertTrue(encoders >= 1 && encoders <= 2, "one encoder thread per task that wrote, got " + encoders);
        } finally {
            connect.deleteConnector("orders-sink");
        }
        TestUtils.waitForCondition(() -> encoderThreads("orders-sink") == 0, 30_000,
                () -> "a stopped task leaves no encoder thread behind; " + encoderThreads("orders-sink") + " left");
    }

    private static long encoderThreads(String connector) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("lakesink-encoder-" + connector + "-")).count();
    }

    /** Over JMX: one task of orders-sink coordinates, and it reports the merge of {@code mergedSource}. */
    private static void assertExactlyOneCoordinatorReports(String mergedSource) throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        java.util.Set<javax.management.ObjectName> tasks = server.queryNames(new javax.management.ObjectName(
                "io.lakesink:type=LakeSink,connector=\"orders-sink\",*"), null);
        assertEquals(2, tasks.size(), tasks.toString());
        List<javax.management.ObjectName> coordinators = new java.util.ArrayList<>();
        for (javax.management.ObjectName task : tasks) {
            if ((Boolean) server.getAttribute(task, "Coordinator")) {
                coordinators.add(task);
            }
        }
        assertEquals(1, coordinators.size(), "exactly one coordinator: " + coordinators);
        javax.management.ObjectName c = coordinators.get(0);
        TestUtils.waitForCondition(() -> mergedSource.equals(server.getAttribute(c, "LastMergedCommit")), 30_000,
                "the coordinator's metrics never showed the merge");
        assertEquals(0L, server.getAttribute(c, "RecordsBehindMain"));
        assertTrue((Long) server.getAttribute(c, "IngestCommits") >= 1);
        assertEquals(false, server.getAttribute(c, "PublishingHalted"));
    }

    @Test
    void everyConnectTypeIsWrittenAndReadBackValueByValue() throws Exception {
        String topic = "typed";
        connect.kafka().createTopic(topic, 1);
        Schema address = SchemaBuilder.struct().name("address").field("city", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().name("typed")
                .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA).field("i32", Schema.INT32_SCHEMA)
                .field("i64", Schema.INT64_SCHEMA).field("f32", Schema.FLOAT32_SCHEMA).field("f64", Schema.FLOAT64_SCHEMA)
                .field("flag", Schema.BOOLEAN_SCHEMA).field("name", Schema.STRING_SCHEMA).field("raw", Schema.BYTES_SCHEMA)
                .field("maybe", Schema.OPTIONAL_STRING_SCHEMA)
                .field("address", address)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field("scores", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
                .field("price", Decimal.schema(2)).field("day", Date.SCHEMA).field("at", Time.SCHEMA)
                .field("ts", Timestamp.SCHEMA)
                .build();
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
        for (int i = 0; i < 3; i++) {
            Struct v = new Struct(schema).put("i8", (byte) i).put("i16", (short) (300 + i)).put("i32", 70_000 + i)
                    .put("i64", 5_000_000_000L + i).put("f32", 1.5f + i).put("f64", 2.25 + i).put("flag", i % 2 == 0)
                    .put("name", "n" + i).put("raw", new byte[] {1, 2, (byte) i}).put("maybe", i == 1 ? null : "m" + i)
                    .put("address", new Struct(address).put("city", "c" + i))
                    .put("tags", List.of("a" + i, "b")).put("scores", Map.of("s", i))
                    .put("price", new BigDecimal("12.3" + i))
                    .put("day", new java.util.Date(86_400_000L * (19_000 + i)))
                    .put("at", new java.util.Date(3_600_000L + i))
                    .put("ts", new java.util.Date(1_700_000_000_000L + i));
            connect.kafka().produce(topic, 0, "k" + i,
                    new String(json.fromConnectData(topic, schema, v), StandardCharsets.UTF_8));
        }
        start("typed-sink", sinkConfig(topic, "typed-lake", "value.converter.schemas.enable", "true", "tasks.max", "1"));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            awaitOffsets(lake, "typed-lake", topic, 3);
            List<Map<String, Object>> rows = LakeRows.query(LakeRows.files(lake, "typed-lake", "ingest", "topics/"),
                    "SELECT i8, i16, i32, i64, f32, f64, flag, name, hex(raw) AS raw, maybe, address.city AS city,"
                            + " tags[1] AS tag, scores['s'] AS score, CAST(price AS VARCHAR) AS price,"
                            + " CAST(day AS VARCHAR) AS day, CAST(ts AS VARCHAR) AS ts, _kafka_offset"
                            + " FROM rows ORDER BY _kafka_offset");
            assertEquals(3, rows.size());
            Map<String, Object> r1 = rows.get(1);
            assertEquals(1, ((Number) r1.get("i8")).intValue());
            assertEquals(301, ((Number) r1.get("i16")).intValue());
            assertEquals(70_001, ((Number) r1.get("i32")).intValue());
            assertEquals(5_000_000_001L, ((Number) r1.get("i64")).longValue());
            assertEquals(2.5f, ((Number) r1.get("f32")).floatValue());
            assertEquals(3.25, ((Number) r1.get("f64")).doubleValue());
            assertEquals(false, r1.get("flag"));
            assertEquals("n1", r1.get("name"));
            assertEquals("010201", r1.get("raw"));
            assertEquals(null, r1.get("maybe"));
            assertEquals("c1", r1.get("city"));
            assertEquals("a1", r1.get("tag"));
            assertEquals(1, ((Number) r1.get("score")).intValue());
            assertEquals("12.31", r1.get("price"));
            assertEquals(java.time.LocalDate.ofEpochDay(19_001).toString(), r1.get("day"));
            assertTrue(r1.get("ts").toString().startsWith("2023-11-14 22:13:20.001"), r1.get("ts").toString());
        } finally {
            connect.deleteConnector("typed-sink");
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterQueueAndTombstonesAreSkippedWithoutLosingOffsets() throws Exception {
        String topic = "mixed";
        connect.kafka().createTopic(topic, 1);
        connect.kafka().produce(topic, 0, "a", "{\"id\":1}");
        connect.kafka().produce(topic, 0, "b", "{\"_kafka_offset\":99}");   // clashes with a coordinate column
        connect.kafka().produce(topic, 0, "c", null);                          // tombstone
        connect.kafka().produce(topic, 0, "d", "{\"id\":4}");
        start("mixed-sink", sinkConfig(topic, "mixed-lake", "tasks.max", "1"));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            awaitOffsets(lake, "mixed-lake", topic, 4);
            List<Map<String, Object>> rows = LakeRows.query(LakeRows.files(lake, "mixed-lake", "ingest", "topics/"),
                    "SELECT id, _kafka_offset FROM rows ORDER BY _kafka_offset");
            assertEquals(List.of(Map.of("id", 1L, "_kafka_offset", 0L), Map.of("id", 4L, "_kafka_offset", 3L)), rows);
            ConsumerRecords<byte[], byte[]> dlq = connect.kafka().consume(1, Duration.ofSeconds(30).toMillis(),
                    topic + "-dlq");
            ConsumerRecord<byte[], byte[]> bad = dlq.iterator().next();
            assertEquals("b", new String(bad.key(), StandardCharsets.UTF_8));
            String reason = new String(bad.headers().lastHeader("__connect.errors.exception.message").value(),
                    StandardCharsets.UTF_8);
            assertTrue(reason.contains("_kafka_offset"), reason);
        } finally {
            connect.deleteConnector("mixed-sink");
        }
    }

    @Test
    void aTombstoneFailsTheTaskNamingItsOffsetWhenConfiguredTo() throws Exception {
        String topic = "strict";
        connect.kafka().createTopic(topic, 1);
        connect.kafka().produce(topic, 0, "a", "{\"id\":1}");
        connect.kafka().produce(topic, 0, "b", null);
        connect.configureConnector("strict-sink", sinkConfig(topic, "strict-lake", "tasks.max", "1",
                "behavior.on.null.values", "fail"));
        try {
            TestUtils.waitForCondition(() -> connect.connectorStatus("strict-sink").tasks().stream()
                    .anyMatch(t -> AbstractStatus.State.FAILED.toString().equals(t.state())
                            && t.trace().contains("strict-0@1")), 60_000, "the task did not fail naming strict-0@1");
        } finally {
            connect.deleteConnector("strict-sink");
        }
    }

    @Test
    void theFieldPartitionerMakesHiveStyleDirectoriesAndASchemaChangeStartsANewFile() throws Exception {
        String topic = "payments";
        connect.kafka().createTopic(topic, 1);
        connect.kafka().produce(topic, 0, "a", "{\"region\":\"eu\",\"amount\":1}");
        connect.kafka().produce(topic, 0, "b", "{\"region\":\"us\",\"amount\":2}");
        connect.kafka().produce(topic, 0, "c", "{\"region\":\"eu\",\"amount\":3,\"note\":\"new field\"}");
        connect.kafka().produce(topic, 0, "d", "{\"region\":\"../../etc\",\"amount\":4}");
        start("payments-sink", sinkConfig(topic, "payments-lake", "tasks.max", "1", "partitioner.type", "field",
                "partition.field.name", "region"));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            awaitOffsets(lake, "payments-lake", topic, 4);
            List<String> paths = io.lakesink.lake.LakeFixture.all(p -> lake.listObjects("payments-lake", "ingest",
                    "", p)).stream().map(io.lakesink.lake.ObjectStats::path).toList();
            assertTrue(paths.stream().allMatch(p -> p.startsWith("topics/payments/region=")), paths.toString());
            assertEquals(1, paths.stream().filter(p -> p.startsWith("topics/payments/region=us/")).count(), paths.toString());
            assertTrue(paths.stream().noneMatch(p -> p.contains("/../")), paths.toString());
            List<Map<String, Object>> rows = LakeRows.query(LakeRows.files(lake, "payments-lake", "ingest", "topics/"),
                    "SELECT amount, note FROM rows ORDER BY amount");
            assertEquals(4, rows.size());
            assertEquals("new field", rows.get(2).get("note"));
        } finally {
            connect.deleteConnector("payments-sink");
        }
    }

    @Test
    void aLakeLockedLongerThanTheLockTimeoutDelaysCommitsButLosesAndDuplicatesNothing() throws Exception {
        String topic = "outage";
        connect.kafka().createTopic(topic, 2);
        start("outage-sink", sinkConfig(topic, "outage-lake", "tasks.max", "2"));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            for (int i = 0; i < 20; i++) {
                connect.kafka().produce(topic, i % 2, "k" + i, "{\"id\":" + i + "}");
            }
            awaitOffsets(lake, "outage-lake", topic, 10, 10);
            String headBefore = lake.getCommit("outage-lake", "ingest").id();
            long failedBefore = TaskMetrics.sum("outage-sink", "FailedCommitCycles");
            // Another process holds the lake's write lock past the 10 s lock timeout: uploads and commits fail
            // as unavailable, tasks drop their files and read the records again once the lake is back.
            try (java.sql.Connection other = java.sql.DriverManager.getConnection(
                    "jdbc:sqlite:" + lakeDir.resolve("lake.db"));
                 java.sql.Statement st = other.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                for (int i = 20; i < 60; i++) {
                    connect.kafka().produce(topic, i % 2, "k" + i, "{\"id\":" + i + "}");
                }
                // the deciding event: a commit cycle waited out the lock timeout and gave up
                TestUtils.waitForCondition(() -> TaskMetrics.sum("outage-sink", "FailedCommitCycles") > failedBefore,
                        60_000, "no commit cycle failed while the lake was locked");
                assertEquals(headBefore, lake.getCommit("outage-lake", "ingest").id(), "nothing can commit meanwhile");
                st.execute("ROLLBACK");
            }
            awaitOffsets(lake, "outage-lake", topic, 30, 30);
            List<Map<String, Object>> r = LakeRows.query(LakeRows.files(lake, "outage-lake", "ingest", "topics/"),
                    "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM rows");
            assertEquals(60L, ((Number) r.get(0).get("n")).longValue(), "rows after the outage");
            assertEquals(60L, ((Number) r.get(0).get("ids")).longValue(), "no record twice");
            assertEquals(AbstractStatus.State.RUNNING.toString(),
                    connect.connectorStatus("outage-sink").tasks().get(0).state());
        } finally {
            connect.deleteConnector("outage-sink");
        }
    }

    @Test
    void tasksResumeFromTheLakesOffsetsNotFromTheirConsumerGroup() throws Exception {
        String topic = "resume";
        connect.kafka().createTopic(topic, 1);
        for (int i = 0; i < 10; i++) {
            connect.kafka().produce(topic, 0, "k" + i, "{\"id\":" + i + "}");
        }
        start("resume-a", sinkConfig(topic, "resume-lake", "tasks.max", "1"));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            awaitOffsets(lake, "resume-lake", topic, 10);
            connect.deleteConnector("resume-a");
            for (int i = 10; i < 25; i++) {
                connect.kafka().produce(topic, 0, "k" + i, "{\"id\":" + i + "}");
            }
            // A new connector name (taking the branch over, as a renamed connector must) is a new consumer group
            // that would start from offset 0: only the offsets in the ingest branch's head keep it from writing the
            // first ten records again.
            start("resume-b", sinkConfig(topic, "resume-lake", "tasks.max", "1",
                    "lake.ingest.branch.takeover.from", "resume-a"));
            awaitOffsets(lake, "resume-lake", topic, 25);
            List<Map<String, Object>> r = LakeRows.query(LakeRows.files(lake, "resume-lake", "ingest", "topics/"),
                    "SELECT count(*) AS n, count(DISTINCT _kafka_offset) AS offsets, min(id) AS first FROM rows");
            assertEquals(25L, ((Number) r.get(0).get("n")).longValue());
            assertEquals(25L, ((Number) r.get(0).get("offsets")).longValue());
        } finally {
            connect.deleteConnector("resume-b");
        }
    }

    @Test
    void theTimePartitionerFilesRecordsByTheirEventTime() throws Exception {
        String topic = "clicks";
        connect.kafka().createTopic(topic, 1);
        long hour = 3_600_000L;
        long base = 1_700_000_000_000L - 1_700_000_000_000L % hour;   // 2023-11-14T22:00Z
        connect.kafka().produce(topic, 0, "a", "{\"page\":\"/\",\"event_time\":" + (base + 5) + "}");
        connect.kafka().produce(topic, 0, "b", "{\"page\":\"/a\",\"event_time\":" + (base + hour + 5) + "}");
        connect.kafka().produce(topic, 0, "c", "{\"page\":\"/b\",\"event_time\":" + (base + 10) + "}");
        start("clicks-sink", sinkConfig(topic, "clicks-lake", "tasks.max", "1", "partitioner.type", "time",
                "path.format", "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", "partition.duration.ms", "3600000",
                "timezone", "UTC", "timestamp.extractor", "RecordField", "timestamp.field", "event_time"));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            awaitOffsets(lake, "clicks-lake", topic, 3);
            List<String> at22 = LakeRows.files(lake, "clicks-lake", "ingest",
                    "topics/clicks/year=2023/month=11/day=14/hour=22/");
            assertEquals(1, at22.size(), "records of 22:00 share one file");
            assertEquals(List.of(Map.of("page", "/"), Map.of("page", "/b")),
                    LakeRows.query(at22, "SELECT page FROM rows ORDER BY page"));
            List<Map<String, Object>> late = LakeRows.query(LakeRows.files(lake, "clicks-lake", "ingest",
                    "topics/clicks/year=2023/month=11/day=14/hour=23/"), "SELECT page FROM rows");
            assertEquals(List.of(Map.of("page", "/a")), late);
        } finally {
            connect.deleteConnector("clicks-sink");
        }
    }

    private static void producePayments(String topic, long from, long... amounts) {
        for (int i = 0; i < amounts.length; i++) {
            connect.kafka().produce(topic, 0, "p" + (from + i), "{\"id\":" + (from + i) + ",\"amount\":" + amounts[i] + "}");
        }
    }

    private static String[] checked(String topic, String policy) {
        return new String[] {"tasks.max", "1", "checks", "no_negative_amounts",
                "checks.no_negative_amounts.type", "sql",
                "checks.no_negative_amounts.sql", "SELECT id, amount FROM \"" + topic + "\" WHERE amount < 0",
                "checks.no_negative_amounts.topic", topic, "checks.on.failure", policy};
    }

    private static long rows(EmbeddedLake lake, String repo, String ref, String where) throws Exception {
        List<String> files = LakeRows.files(lake, repo, ref, "topics/");
        return files.isEmpty() ? 0 : ((Number) LakeRows.query(files, "SELECT count(*) AS n FROM rows" + where).get(0)
                .get("n")).longValue();
    }

    @Test
    void aFailingCheckHaltsPublishingUntilTheBadCommitIsRevertedOnIngest() throws Exception {
        String topic = "payments-halt";
        connect.kafka().createTopic(topic, 1);
        start("halt-sink", sinkConfig(topic, "halt-lake", checked(topic, "halt")));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            producePayments(topic, 0, 1, 2, 3, 4, 5);
            awaitOffsetsOn(lake, "halt-lake", "main", topic, 5);
            producePayments(topic, 5, 6, -7, 8);
            Commit bad = awaitOffsets(lake, "halt-lake", topic, 8);
            TestUtils.waitForCondition(() -> bad.id().equals(TaskMetrics.ofCoordinator("halt-sink", "HaltedAtCommit")),
                    30_000, "the publisher never halted at the bad commit");
            long judged = TaskMetrics.sum("halt-sink", "ChecksFailed");
            producePayments(topic, 8, 9, 10);
            awaitOffsets(lake, "halt-lake", topic, 10);
            // the deciding event: the halted publisher has checked what came after the bad commit, and failed it
            TestUtils.waitForCondition(() -> TaskMetrics.sum("halt-sink", "ChecksFailed") > judged, 30_000,
                    "the halted publisher never looked at the commits after the bad one");
            assertEquals(5, CommitMetadata.offsetsOf(lake.getCommit("halt-lake", "main"))
                    .get(new TopicPartition(topic, 0)).orElseThrow(), "main must stay before the bad batch");
            assertEquals(5, rows(lake, "halt-lake", "main", ""));
            assertEquals(10, rows(lake, "halt-lake", "ingest", ""), "ingestion goes on while publishing is halted");

            lake.revert("halt-lake", "ingest", io.lakesink.lake.RevertRequest.of(bad.id()));
            producePayments(topic, 10, 11);
            awaitOffsetsOn(lake, "halt-lake", "main", topic, 11);
            assertEquals(0, rows(lake, "halt-lake", "main", " WHERE amount < 0"), "the bad batch never reached main");
            assertEquals(8, rows(lake, "halt-lake", "main", ""), "every good row after the fix reached main");
            List<Long> mainStood = new java.util.ArrayList<>();
            for (Commit c : io.lakesink.lake.FirstParents.from(lake, "halt-lake", lake.getCommit("halt-lake", "main"))) {
                mainStood.add(0, CommitMetadata.offsetsOf(c).get(new TopicPartition(topic, 0)).orElse(0L));
            }
            assertEquals(List.of(5L, 11L), mainStood.subList(mainStood.size() - 2, mainStood.size()),
                    "main went from before the bad batch straight to after the fix: " + mainStood);
        } finally {
            connect.deleteConnector("halt-sink");
        }
    }

    @Test
    void aFailingCommitIsQuarantinedAndLaterDataStillReachesMain() throws Exception {
        String topic = "payments-quarantine";
        connect.kafka().createTopic(topic, 1);
        start("quarantine-sink", sinkConfig(topic, "quarantine-lake", checked(topic, "quarantine")));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            producePayments(topic, 0, 1, 2, 3);
            awaitOffsetsOn(lake, "quarantine-lake", "main", topic, 3);
            producePayments(topic, 3, 4, -5, 6);
            awaitOffsets(lake, "quarantine-lake", topic, 6);
            producePayments(topic, 6, 7, 8);
            awaitOffsetsOn(lake, "quarantine-lake", "main", topic, 8);
            assertEquals(0, rows(lake, "quarantine-lake", "main", " WHERE amount < 0"));
            assertEquals(5, rows(lake, "quarantine-lake", "main", ""), "the good rows before and after");
            List<String> quarantines = io.lakesink.lake.Pages.all(p -> lake.listBranches("quarantine-lake", p))
                    .stream().map(io.lakesink.lake.Branch::name).filter(b -> b.startsWith("quarantine-")).toList();
            assertEquals(1, quarantines.size(), quarantines.toString());
            String quarantine = quarantines.get(0);
            assertTrue(lake.getCommit("quarantine-lake", quarantine).parents().get(0).startsWith(
                    quarantine.substring("quarantine-".length())), "named after the quarantined commit, which it"
                    + " holds under its entry commit");
            assertEquals(1, rows(lake, "quarantine-lake", quarantine, " WHERE amount < 0"),
                    "the quarantine branch keeps the bad batch for inspection");
        } finally {
            connect.deleteConnector("quarantine-sink");
        }
    }

    @Test
    void topicsListedTogetherReachMainInOneMergeOnTheMergeInterval() throws Exception {
        connect.kafka().createTopic("orders2", 1);
        connect.kafka().createTopic("customers2", 1);
        // the check passes always; that it ran is the sign that the publisher has looked at a commit
        start("together-sink", sinkConfig("orders2,customers2", "together-lake", "tasks.max", "1",
                "merge.require.topics", "orders2,customers2", "merge.interval.ms", "2000",
                "checks", "orders_seen", "checks.orders_seen.type", "sql",
                "checks.orders_seen.sql", "SELECT * FROM orders2 WHERE false", "checks.orders_seen.topic", "orders2"));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            connect.kafka().produce("orders2", 0, "o1", "{\"order\":1}");
            awaitOffsets(lake, "together-lake", "orders2", 1);
            // the deciding event: the publisher has checked the orders-only commit (and must hold it back)
            TestUtils.waitForCondition(() -> TaskMetrics.sum("together-sink", "ChecksPassed") >= 1, 30_000,
                    "the publisher never looked at the orders commit");
            assertTrue(LakeRows.files(lake, "together-lake", "main", "topics/").isEmpty(),
                    "orders reached main without customers");
            connect.kafka().produce("customers2", 0, "c1", "{\"customer\":1}");
            awaitOffsetsOn(lake, "together-lake", "main", "customers2", 1);
            assertEquals(1, LakeRows.files(lake, "together-lake", "main", "topics/orders2/").size());
            assertEquals(1, LakeRows.files(lake, "together-lake", "main", "topics/customers2/").size());
            long merges = io.lakesink.lake.Pages.all(p -> lake.log("together-lake", "main", p)).stream()
                    .filter(Commit::isMerge).count();
            assertEquals(1, merges, "both collections arrive in one merge");
        } finally {
            connect.deleteConnector("together-sink");
        }
    }
}
