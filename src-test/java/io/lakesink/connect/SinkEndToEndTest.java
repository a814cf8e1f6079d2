package io.lakesink.connect;

import io.lakesink.commit.CommitMetadata;
import io.lakesink.commit.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A real broker and Connect worker in the JVM, the connector from its JSON-like config, Parquet read by DuckDB. */
class SinkEndToEndTest {
    private static EmbeddedConnectCluster connect;
    private static Path lakeDir;

    @BeforeAll
    static void startCluster() throws Exception {
        lakeDir = Files.createTempDirectory("lakesink-e2e");
        Map<String, String> worker = new HashMap<>();
        worker.put("offset.flush.interval.ms", "1000");
        // one broker: the transaction log must fit it (the control topic is written transactionally)
        java.util.Properties broker = new java.util.Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        connect = new EmbeddedConnectCluster.Builder().name("lakesink-e2e").numWorkers(1).workerProps(worker)
                .brokerProps(broker).build();
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        if (connect != null) {
            connect.stop();
        }
    }

    private Map<String, String> sinkConfig(String topic, String repository) {
        Map<String, String> c = new HashMap<>();
        c.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, LakeSinkConnector.class.getName());
        c.put(ConnectorConfig.TASKS_MAX_CONFIG, "2");
        c.put(SinkConnector.TOPICS_CONFIG, topic);
        c.put(ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.storage.StringConverter");
        c.put(ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG, JsonConverter.class.getName());
        c.put("value.converter.schemas.enable", "false");
        c.put("lake.embedded.path", lakeDir.toString());
        c.put("lake.repository", repository);
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("commit.interval.ms", "1000");
        c.put("commit.timeout.ms", "5000");
        c.put("flush.size", "30");
        return c;
    }

    @Test
    void schemalessJsonLandsOnTheIngestBranchWithItsOffsets() throws Exception {
        String topic = "orders";
        connect.kafka().createTopic(topic, 2);
        int records = 100;
        for (int i = 0; i < records; i++) {
            connect.kafka().produce(topic, i % 2, "k" + i, "{\"id\":" + i + ",\"amount\":" + (i * 1.5) + "}");
        }
        connect.configureConnector("orders-sink", sinkConfig(topic, "orders-lake"));
        connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning("orders-sink", 1, "connector did not start");

        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            TestUtils.waitForCondition(() -> {
                OffsetMap offsets = CommitMetadata.offsetsOf(lake.getCommit("orders-lake", "ingest"));
                return offsets.get(new TopicPartition(topic, 0)).orElse(0L) == records / 2
                        && offsets.get(new TopicPartition(topic, 1)).orElse(0L) == records / 2;
            }, 60_000, "the ingest branch never recorded all offsets");
            Commit head = lake.getCommit("orders-lake", "ingest");
            List<String> files = LakeFixture.all(p -> lake.listObjects("orders-lake", "ingest", "topics/", p)).stream()
                    .map(ObjectStats::physicalAddress).map(a -> Path.of(java.net.URI.create(a)).toString()).toList();
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 Statement s = duck.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (_kafka_partition, _kafka_offset)),"
                         + " sum(id) FROM read_parquet(" + files.stream().map(f -> "'" + f + "'")
                         .collect(Collectors.joining(",", "[", "]")) + ", union_by_name = true)")) {
                rs.next();
                assertEquals(records, rs.getLong(1), "rows on the ingest branch");
                assertEquals(records, rs.getLong(2), "every offset exactly once");
                assertEquals(records * (records - 1) / 2, rs.getLong(3));
            }
            assertEquals("orders-sink", head.metadata().get(CommitMetadata.CONNECTOR));
        } finally {
            connect.deleteConnector("orders-sink");
        }
    }
}
