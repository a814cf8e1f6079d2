package io.lakesink.connect;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.commit.IngestBranchOwner;
import io.lakesink.lake.Claim;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest;
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
 * Issue 14, section 1, end to end on Kafka's in-JVM Connect cluster: one ingest branch has one writer, and a commit
 * cycle that keeps failing fails its task with the reason instead of leaving it RUNNING.
 */
class OneWriterEndToEndTest {
    private static EmbeddedConnectCluster connect;
    private static Path lakeDir;

    @BeforeAll
    static void startCluster() throws Exception {
        lakeDir = Files.createTempDirectory("lakesink-one-writer");
        connect = TestClusters.connect("lakesink-one-writer", 1, Map.of());
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        if (connect != null) {
            connect.stop();
        }
    }

    private static Map<String, String> sinkConfig(String name, String topic, String repository, String... overrides) {
        Map<String, String> c = new HashMap<>();
        c.put("name", name);
        c.put("connector.class", LakeSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("lake.embedded.path", lakeDir.toString());
        c.put("lake.repository", repository);
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("commit.interval.ms", "1000");
        c.put("commit.timeout.ms", "5000");
        for (int i = 0; i < overrides.length; i += 2) {
            c.put(overrides[i], overrides[i + 1]);
        }
        return c;
    }

    @Test
    void aSecondConnectorOnTheSameIngestBranchIsRefusedAtValidateAndAtTaskStartAndARenamedOneTakesItOver()
            throws Exception {
        connect.kafka().createTopic("orders", 1);
        connect.kafka().createTopic("payments", 1);
        for (int i = 0; i < 20; i++) {
            connect.kafka().produce("orders", 0, "o" + i, "{\"id\":" + i + "}");
            connect.kafka().produce("payments", 0, "p" + i, "{\"id\":" + i + "}");
        }
        Map<String, String> payments = sinkConfig("payments-sink", "payments", "shared-lake");
        // created before the orders connector ever ran: validate had nothing to see, so its tasks must refuse
        connect.configureConnector(new CreateConnectorRequest("payments-sink", payments,
                CreateConnectorRequest.InitialState.STOPPED));
        connect.configureConnector("orders-sink", sinkConfig("orders-sink", "orders", "shared-lake"));
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            TestUtils.waitForCondition(() -> CommitMetadata.offsetsAt(lake, "shared-lake", "ingest")
                    .get(new TopicPartition("orders", 0)).orElse(-1L) == 20, 60_000, "orders never committed");
            assertEquals("orders-sink", new Claim(lake, "shared-lake", IngestBranchOwner.OWNER_PREFIX + "ingest")
                    .holder().orElseThrow().get(IngestBranchOwner.CONNECTOR));

            ConfigInfos validated = connect.validateConnectorConfig(LakeSinkConnector.class.getName(), payments);
            List<String> errors = validated.values().stream()
                    .filter(v -> v.configValue().name().equals("lake.ingest.branch"))
                    .flatMap(v -> v.configValue().errors().stream()).toList();
            assertEquals(1, errors.size(), errors.toString());
            assertNamesBothAndTheKeys(errors.get(0));
            ConnectRestException refused = assertThrows(ConnectRestException.class,
                    () -> connect.configureConnector("payments-sink", payments));
            assertNamesBothAndTheKeys(refused.getMessage());

            String head = lake.getBranch("shared-lake", "ingest").commitId();
            connect.resumeConnector("payments-sink");
            TestUtils.waitForCondition(() -> failedTrace("payments-sink") != null, 60_000,
                    "the second connector's task did not fail at start");
            assertNamesBothAndTheKeys(failedTrace("payments-sink"));
            Thread.sleep(2_000);
            assertEquals("orders-sink", lake.getCommit("shared-lake", "ingest").metadata()
                    .get(CommitMetadata.CONNECTOR), "only the owner committed");
            assertTrue(CommitMetadata.offsetsAt(lake, "shared-lake", "ingest")
                    .get(new TopicPartition("payments", 0)).isEmpty(), "nothing of payments reached the branch");
            assertEquals(head, lake.getBranch("shared-lake", "ingest").commitId());

            // orders-sink renamed on purpose: delete it, then the new name takes the branch over
            connect.deleteConnector("payments-sink");
            connect.deleteConnector("orders-sink");
            connect.configureConnector("orders-sink-v2", sinkConfig("orders-sink-v2", "orders", "shared-lake",
                    "lake.ingest.branch.takeover.from", "orders-sink"));
            connect.kafka().produce("orders", 0, "o20", "{\"id\":20}");
            TestUtils.waitForCondition(() -> "orders-sink-v2".equals(lake.getCommit("shared-lake", "ingest")
                    .metadata().get(CommitMetadata.CONNECTOR)), 60_000, "the renamed connector never committed");
            assertEquals("orders-sink", new Claim(lake, "shared-lake", IngestBranchOwner.OWNER_PREFIX + "ingest")
                    .holder().orElseThrow().get(IngestBranchOwner.TAKEN_OVER_FROM));
        } finally {
            for (String name : List.of("payments-sink", "orders-sink", "orders-sink-v2")) {
                try {
                    connect.deleteConnector(name);
                } catch (ConnectRestException gone) {
                    // deleted by the test already
                }
            }
        }
    }

    @Test
    void commitCyclesThatKeepFailingFailTheTaskWithTheReason() throws Exception {
        connect.kafka().createTopic("stuck", 1);
        for (int i = 0; i < 5; i++) {
            connect.kafka().produce("stuck", 0, "k" + i, "{\"id\":" + i + "}");
        }
        // an object where the first file will be linked, committed without offsets: every cycle's link is refused
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            lake.createRepository("stuck-lake", "main");
            lake.createBranch("stuck-lake", "ingest", "main");
            new LakeFixture(lake, "stuck-lake").put("ingest", "topics/stuck/partition=0/stuck+0+00000000000000000000.parquet", "x");
            lake.commit("stuck-lake", "ingest", CommitRequest.of("in the way"));
        }
        connect.configureConnector("stuck-sink", sinkConfig("stuck-sink", "stuck", "stuck-lake",
                "commit.max.failed.cycles", "3"));
        try {
            TestUtils.waitForCondition(() -> failedTrace("stuck-sink") != null, 60_000,
                    "the task kept RUNNING although every commit cycle failed");
            String trace = failedTrace("stuck-sink");
            assertTrue(trace.contains("3 commit cycles in a row") && trace.contains("commit.max.failed.cycles=3")
                    && trace.contains("stuck+0+00000000000000000000.parquet"), trace);
        } finally {
            connect.deleteConnector("stuck-sink");
        }
    }

    private static void assertNamesBothAndTheKeys(String message) {
        assertTrue(message.contains("'orders-sink'") && message.contains("'payments-sink'")
                && message.contains("lake.ingest.branch") && message.contains("lake.ingest.branch.takeover.from"),
                message);
    }

    /** The trace of the connector's failed task, or null while none failed. */
    private static String failedTrace(String connector) {
        ConnectorStateInfo status = connect.connectorStatus(connector);
        return status.tasks().stream().filter(t -> AbstractStatus.State.FAILED.toString().equals(t.state()))
                .map(ConnectorStateInfo.TaskState::trace).findFirst().orElse(null);
    }
}
