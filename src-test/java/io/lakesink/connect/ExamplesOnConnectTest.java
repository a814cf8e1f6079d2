package io.lakesink.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.lake.lakefs.LakeFsLake;
import io.lakesink.lake.lakefs.LakeFsSettings;
import io.lakesink.lake.lakefs.LakeFsTestServer;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every file in config-examples/ (and so every connector config the README and docs show, see
 * {@link ConfigExamplesTest#everyConfigInTheDocsIsAnExampleAsItIs}) posted to a real Connect worker on a one-broker
 * Kafka: the tasks run and the produced records reach main. The broker has Kafka's defaults except the transaction
 * log's replication factor and min ISR of 1, which Kafka's own quickstart server.properties also sets and without
 * which no transactional producer works on one broker (docs/operations.md, "What LakeSink needs from Kafka").
 *
 * <p>The test overrides only what cannot be the same on this machine, each for the reason given:
 * <ul>
 *   <li>{@code kafka.bootstrap.servers}: the examples name localhost:9092 or kafka:9092; here the broker is on a
 *       random port;</li>
 *   <li>{@code lake.embedded.path}: /var/lib/lakesink/... needs root; the same names under a temporary
 *       directory (examples that share a lake directory still share it);</li>
 *   <li>{@code lakefs.endpoint} and {@code lakefs.storage.namespace}: the lakeFS test server instead of the Compose
 *       stack's lakeFS; it keeps data only under local://, not s3://. It is started with the example's own
 *       credentials, so the access keys are not overridden;</li>
 *   <li>{@code commit.interval.ms}: 2 s instead of 10 to 60 s, so the data reaches main quickly.</li>
 * </ul>
 * Everything else (the dead letter queues, checks, partitioners, converters, task counts) is the file's.
 */
class ExamplesOnConnectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE_ROOT = "/var/lib/lakesink/";
    private static final int RECORDS = 40;
    /** The topics the examples read, with their partitions; the records are spread evenly over them. */
    private static final Map<String, Integer> PARTITIONS = Map.of("orders", 2, "customers", 1, "payments", 2,
            "clicks-web", 1);

    private static EmbeddedConnectCluster connect;
    private static LakeFsTestServer lakeFs;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("lakesink-examples");
        Map<String, String> lakeFsExample = example(Path.of("config-examples", "lakefs-sink.json"));
        lakeFs = LakeFsTestServer.start(dir.resolve("lakefs"), lakeFsExample.get("lakefs.access.key.id"),
                lakeFsExample.get("lakefs.secret.access.key"), true);
        connect = TestClusters.connect("lakesink-examples", 1, Map.of());
        connect.start();
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (lakeFs != null) {
            lakeFs.close();
        }
    }

    @Test
    void everyExampleRunsAsItIsAndItsRecordsReachMain() throws Exception {
        PARTITIONS.forEach((topic, n) -> connect.kafka().createTopic(topic, n));
        for (int i = 0; i < RECORDS; i++) {
            connect.kafka().produce("orders", i % 2, "o" + i,
                    "{\"order_id\":" + i + ",\"customer_id\":" + (i % 5) + ",\"amount\":" + (i + 1.5) + "}");
            connect.kafka().produce("customers", 0, "c" + i, "{\"customer_id\":" + i + ",\"email\":\"c" + i
                    + "@example.com\"}");
            connect.kafka().produce("payments", i % 2, "p" + i, "{\"payment_id\":" + i + ",\"amount\":" + (i + 1)
                    + ",\"region\":\"" + (i % 3 == 0 ? "eu" : "us") + "\",\"currency\":\"" + (i % 2 == 0 ? "EUR" : "USD")
                    + "\"}");
            connect.kafka().produce("clicks-web", 0, "u" + i, "{\"schema\":{\"type\":\"struct\",\"fields\":["
                    + "{\"field\":\"event_time\",\"type\":\"int64\"},{\"field\":\"url\",\"type\":\"string\"}]},"
                    + "\"payload\":{\"event_time\":" + (1_700_000_000_000L + i * 60_000L) + ",\"url\":\"/p" + i
                    + "\"}}");
        }

        Map<String, Map<String, String>> posted = new LinkedHashMap<>();
        for (Path example : ConfigExamplesTest.examples()) {
            String name = JSON.readTree(example.toFile()).get("name").asText();
            Map<String, String> config = onThisMachine(example(example));
            connect.configureConnector(name, config);
            posted.put(name, config);
        }
        assertFalse(posted.isEmpty(), "config-examples/ holds no example");
        for (Map.Entry<String, Map<String, String>> e : posted.entrySet()) {
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(e.getKey(),
                    Integer.parseInt(e.getValue().get("tasks.max")), e.getKey() + " did not run its tasks");
        }
        for (Map.Entry<String, Map<String, String>> e : posted.entrySet()) {
            Map<String, String> config = e.getValue();
            List<TopicPartition> read = new ArrayList<>();
            PARTITIONS.forEach((topic, n) -> {
                if (reads(config, topic)) {
                    for (int p = 0; p < n; p++) {
                        read.add(new TopicPartition(topic, p));
                    }
                }
            });
            assertFalse(read.isEmpty(), e.getKey() + " reads none of the topics this test produces to");
            try (VersionedLake lake = lakeOf(config)) {
                TestUtils.waitForCondition(() -> allOnMain(lake, config.get("lake.repository"), read), 90_000,
                        () -> e.getKey() + ": main never recorded every produced record of " + read + "; tasks: "
                                + connect.connectorStatus(e.getKey()).tasks());
            }
        }
        for (String name : posted.keySet()) {
            connect.deleteConnector(name);
        }
        assertEquals(List.of(), lakeFs.violations(), "requests the lakeFS API would refuse");
    }

    private static Map<String, String> example(Path file) throws Exception {
        JsonNode root = JSON.readTree(file.toFile());
        return JSON.convertValue(root.get("config"), new TypeReference<>() { });
    }

    /** The overrides the class comment lists, and nothing else. */
    private static Map<String, String> onThisMachine(Map<String, String> config) {
        config.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        String path = config.get("lake.embedded.path");
        if (path != null) {
            config.put("lake.embedded.path", dir.resolve(path.startsWith(EXAMPLE_ROOT)
                    ? path.substring(EXAMPLE_ROOT.length()) : Path.of(path).getFileName().toString()).toString());
        }
        if (config.containsKey("lakefs.endpoint")) {
            config.put("lakefs.endpoint", lakeFs.endpoint());
            config.put("lakefs.storage.namespace", "local://");
        }
        config.put("commit.interval.ms", "2000");
        return config;
    }

    private static boolean reads(Map<String, String> config, String topic) {
        if (config.containsKey("topics.regex")) {
            return topic.matches(config.get("topics.regex"));
        }
        return List.of(config.get("topics").split(",")).contains(topic);
    }

    private static VersionedLake lakeOf(Map<String, String> config) {
        if ("lakefs".equals(config.get("lake.backend"))) {
            return LakeFsLake.open(LakeFsSettings.of(config.get("lakefs.endpoint"), config.get("lakefs.access.key.id"),
                    config.get("lakefs.secret.access.key")));
        }
        return EmbeddedLake.open(Path.of(config.get("lake.embedded.path")));
    }

    private static boolean allOnMain(VersionedLake lake, String repository, List<TopicPartition> read) {
        OffsetMap offsets;
        try {
            offsets = CommitMetadata.offsetsOf(lake.getCommit(repository, "main"));
        } catch (RuntimeException notYet) {
            return false;
        }
        return read.stream().allMatch(tp -> offsets.get(tp).orElse(-1L) == RECORDS / PARTITIONS.get(tp.topic()));
    }
}
