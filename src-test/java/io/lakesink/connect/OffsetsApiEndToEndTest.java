package io.lakesink.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connect's own offsets API (KIP-875) against a running connector on a real broker and Connect worker: a PATCH
 * that disagrees with the ingest head and a DELETE are refused with the way to do it instead, Connect's offsets
 * stay what the lake says, and a PATCH that agrees (the one {@code lakesink rollback} sends) goes through.
 */
class OffsetsApiEndToEndTest {
    private static final String NAME = "offsets-api";
    private static final String TOPIC = "offsets-api-events";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static EmbeddedConnectCluster connect;
    private static Path lakeDir;

    @BeforeAll
    static void startCluster() throws Exception {
        lakeDir = Files.createTempDirectory("lakesink-offsets-api");
        connect = TestClusters.connect("lakesink-offsets-api", 1, Map.of());
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void onlyOffsetsThatAgreeWithTheIngestHeadAreAccepted() throws Exception {
        connect.kafka().createTopic(TOPIC, 2);
        connect.configureConnector(NAME, sinkConfig());
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(NAME, 1, "the sink did not start");
        produce(0, 20);
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            awaitIngest(lake, 20);
            connect.stopConnector(NAME);
            connect.assertions().assertConnectorIsStopped(NAME, "the sink did not stop");
            // the stopped task handed Connect what the lake holds (preCommit)
            TestUtils.waitForCondition(() -> Map.of(P0, 20L, P1, 20L).equals(connectOffsets()), 30_000,
                    () -> "Connect's offsets never matched the lake: " + connectOffsets());

            ConnectRestException patch = assertThrows(ConnectRestException.class,
                    () -> connect.alterSinkConnectorOffset(NAME, P0, 5L));
            assertTrue(patch.getMessage().contains(TOPIC + ":0 is at offset 20 in the lake, the request sets offset 5"),
                    patch.getMessage());
            assertTrue(patch.getMessage().contains("lakesink rollback"), patch.getMessage());

            ConnectRestException delete = assertThrows(ConnectRestException.class,
                    () -> connect.resetConnectorOffsets(NAME));
            assertTrue(delete.getMessage().contains(TOPIC + ":0 is at offset 20 in the lake, the request removes its"
                    + " offset"), delete.getMessage());
            assertTrue(delete.getMessage().contains("lakesink rollback"), delete.getMessage());
            assertEquals(Map.of(P0, 20L, P1, 20L), connectOffsets(), "neither request changed Connect's offsets");

            connect.alterConnectorOffsets(NAME, new ConnectorOffsets(List.of(offset(P0, 20L), offset(P1, 20L))));
            connect.alterSinkConnectorOffset(NAME, P1, 20L); // a PATCH of some partitions only

            connect.resumeConnector(NAME);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(NAME, 1, "the sink did not resume");
            produce(20, 30);
            awaitIngest(lake, 30);
            List<Map<String, Object>> rows = LakeRows.query(LakeRows.files(lake, "offsets-api-lake", "ingest", "topics/"),
                    "SELECT count(*) AS n, count(DISTINCT (_kafka_partition, _kafka_offset)) AS d FROM rows");
            assertEquals(60L, ((Number) rows.get(0).get("n")).longValue(), "every offset once: " + rows);
            assertEquals(60L, ((Number) rows.get(0).get("d")).longValue(), "every offset once: " + rows);
        }
        connect.deleteConnector(NAME);
    }

    private static Map<String, String> sinkConfig() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> c = new HashMap<>(json.convertValue(
                json.readTree(Path.of("config-examples", "embedded-sink.json").toFile()).get("config"),
                new TypeReference<Map<String, String>>() { }));
        c.put("topics", TOPIC);
        c.put("tasks.max", "1");
        c.put("lake.embedded.path", lakeDir.toString());
        c.put("lake.repository", "offsets-api-lake");
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("commit.interval.ms", "1000");
        c.put("commit.timeout.ms", "5000");
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.topic.name", NAME + "-dlq");
        return c;
    }

    private static void produce(int from, int to) {
        for (int p = 0; p < 2; p++) {
            for (int i = from; i < to; i++) {
                connect.kafka().produce(TOPIC, p, "k" + i, "{\"id\":" + i + "}");
            }
        }
    }

    private static void awaitIngest(EmbeddedLake lake, long next) throws InterruptedException {
        OffsetMap wanted = OffsetMap.EMPTY.with(P0, next).with(P1, next);
        TestUtils.waitForCondition(() -> wanted.equals(CommitMetadata.offsetsAt(lake, "offsets-api-lake", "ingest")),
                60_000, () -> "ingest never reached " + wanted + "; it has "
                        + CommitMetadata.offsetsAt(lake, "offsets-api-lake", "ingest"));
    }

    private static Map<TopicPartition, Long> connectOffsets() {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (ConnectorOffset o : connect.connectorOffsets(NAME).offsets()) {
            out.put(new TopicPartition((String) o.partition().get("kafka_topic"),
                    ((Number) o.partition().get("kafka_partition")).intValue()),
                    ((Number) o.offset().get("kafka_offset")).longValue());
        }
        return out;
    }

    private static ConnectorOffset offset(TopicPartition tp, long next) {
        return new ConnectorOffset(Map.of("kafka_topic", tp.topic(), "kafka_partition", tp.partition()),
                Map.of("kafka_offset", next));
    }
}
