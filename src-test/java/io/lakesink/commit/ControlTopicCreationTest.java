package io.lakesink.commit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control topic is created with the configured replication factor. The one broker's default replication factor
 * is 2, which it cannot satisfy: so the broker's default fails and only an explicit factor of 1 can succeed, and
 * each outcome shows which factor reached the broker.
 */
class ControlTopicCreationTest {
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        Properties broker = new Properties();
        broker.put("default.replication.factor", "2");
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.stop();
    }

    private static Map<String, Object> clientProps() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    @Test
    void theBrokersDefaultIsUsedWhenNoFactorIsSet() {
        ConnectException e = assertThrows(ConnectException.class, () -> new ControlChannel("control-default", "sink",
                "lakesink-sink-0", clientProps(), Optional.empty()).close());
        assertTrue(e.getMessage().contains("control-default"), e.getMessage());
        assertFalse(topics().contains("control-default"));
    }

    @Test
    void theConfiguredFactorIsUsed() throws Exception {
        new ControlChannel("control-one", "sink", "lakesink-sink-0", clientProps(), Optional.of((short) 1)).close();
        try (Admin admin = Admin.create(clientProps())) {
            var partitions = admin.describeTopics(List.of("control-one")).allTopicNames().get().get("control-one")
                    .partitions();
            assertEquals(1, partitions.size());
            assertEquals(1, partitions.get(0).replicas().size());
        }
    }

    private static java.util.Set<String> topics() {
        try (Admin admin = Admin.create(clientProps())) {
            return admin.listTopics().names().get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
