package io.lakesink.connect;

import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.lakefs.LakeFsTestServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failures a first deployment meets, each failing the task with a message that names the cause and the setting
 * to change, on a real Connect worker. The one broker keeps Kafka's built-in defaults for the transaction log
 * (replication factor 3, min ISR 2) and for new topics' replication (set to 3 as on a production cluster), which a
 * one-broker cluster cannot satisfy: what a developer gets with a broker configured from scratch. It also runs Kafka's
 * ACL authorizer, allowing everything no ACL denies, so that a case can deny one resource to every client (all are
 * User:ANONYMOUS here) while Connect itself goes on: LakeSink's transactional ids. The other refusals are not shown
 * so (KafkaAclsTest covers their messages): a denied consumer group refuses Connect's own consumer first; a denied
 * control topic is created anyway while CREATE on the cluster is allowed, and denying that stops the broker's own
 * heartbeats to the controller (all clients are the same principal here) before LakeSink gets to create it.
 * One cluster for all cases; each case is its own connector.
 */
class FirstStartFailuresTest {
    private static final String KEY = "AKIAIOSFOLQUICKSTART";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final long FAILS_WITHIN_MS = 60_000;

    private static EmbeddedConnectCluster connect;
    private static LakeFsTestServer lakeFs;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("lakesink-first-failures");
        lakeFs = LakeFsTestServer.start(dir.resolve("lakefs"), KEY, SECRET, true);
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "3");
        broker.put("transaction.state.log.min.isr", "2");
        broker.put("default.replication.factor", "3");
        broker.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        broker.put("allow.everyone.if.no.acl.found", "true");
        connect = new EmbeddedConnectCluster.Builder().name("lakesink-first-failures").numWorkers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "1000"))).brokerProps(broker).build();
        connect.start();
        connect.kafka().createTopic("orders", 1, 1, Map.of());
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

    private static Map<String, String> config(String name) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", LakeSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", "orders");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("lake.embedded.path", dir.resolve(name).toString());
        c.put("lake.repository", "events");
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("control.topic", name + "-control");
        return c;
    }

    /** The trace of the connector's failed task, once it has failed with {@code reason} in it. */
    private static String awaitTaskFailure(String connector, String reason) throws InterruptedException {
        String[] trace = new String[1];
        TestUtils.waitForCondition(() -> {
            ConnectorStateInfo status = connect.connectorStatus(connector);
            return status.tasks().stream().filter(t -> AbstractStatus.State.FAILED.toString().equals(t.state())
                    && t.trace() != null && t.trace().contains(reason)).peek(t -> trace[0] = t.trace()).count() > 0;
        }, FAILS_WITHIN_MS, () -> connector + "'s task did not fail with '" + reason + "': "
                + connect.connectorStatus(connector).tasks());
        return trace[0];
    }

    @Test
    void aTransactionLogThatDoesNotFitTheClusterFailsTheTaskNamingBothSettings() throws Exception {
        // the control topic exists (made with 1 replica), so the task gets as far as its first transaction
        connect.kafka().createTopic("tx-control", 1, 1, Map.of());
        Map<String, String> c = config("tx");
        c.put("control.topic", "tx-control");
        // how long InitProducerId may wait: the control producer's 10 s by default, shorter here to keep the test quick
        c.put("kafka.max.block.ms", "3000");
        connect.configureConnector("tx", c);
        try {
            String trace = awaitTaskFailure("tx", "Kafka did not start a transaction for LakeSink's control topic");
            assertTrue(trace.contains("Kafka did not start a transaction for LakeSink's control topic tx-control within"
                    + " 3000 ms (Timeout expired after 3000ms while awaiting InitProducerId). LakeSink writes its"
                    + " control topic in Kafka transactions (transactional id lakesink-tx-0), so the brokers'"
                    + " transaction coordinator must work; here the cluster has 1 broker(s) but"
                    + " transaction.state.log.replication.factor=3 (transaction.state.log.min.isr=2), so no"
                    + " transaction can start. Set transaction.state.log.replication.factor and"
                    + " transaction.state.log.min.isr on every broker to at most the number of brokers (1 on a single"
                    + " broker"), trace);
        } finally {
            connect.deleteConnector("tx");
        }
    }

    /** Denies {@code operation} on a resource to every client of the cluster. */
    private static void deny(ResourceType type, String name, PatternType pattern, AclOperation operation)
            throws Exception {
        AclBinding acl = new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:ANONYMOUS", "*", operation, AclPermissionType.DENY));
        try (Admin admin = connect.kafka().createAdminClient()) {
            admin.createAcls(List.of(acl)).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefusedTransactionalIdFailsTheTaskNamingThePrefixedAcl() throws Exception {
        connect.kafka().createTopic("acl-tx-control", 1, 1, Map.of());
        deny(ResourceType.TRANSACTIONAL_ID, "lakesink-acl-tx-", PatternType.PREFIXED, AclOperation.ALL);
        Map<String, String> c = config("acl-tx");
        c.put("control.topic", "acl-tx-control");
        connect.configureConnector("acl-tx", c);
        try {
            String trace = awaitTaskFailure("acl-tx", "Kafka refused LakeSink's control producer");
            assertTrue(trace.contains("Kafka refused LakeSink's control producer (transactional id lakesink-acl-tx-0)"
                    + " (Transactional Id authorization failed.): LakeSink writes control topic acl-tx-control in Kafka"
                    + " transactions; allow the principal of the connector's kafka.* settings WRITE and DESCRIBE on the"
                    + " transactional ids starting with lakesink-acl-tx- (kafka-acls"), trace);
        } finally {
            connect.deleteConnector("acl-tx");
        }
    }

    @Test
    void aControlTopicTheBrokersCannotPlaceFailsTheTaskNamingDefaultReplicationFactor() throws Exception {
        connect.configureConnector("uncreatable", config("uncreatable"));
        try {
            String trace = awaitTaskFailure("uncreatable", "cannot create LakeSink's control topic");
            assertTrue(trace.contains("cannot create LakeSink's control topic uncreatable-control (Unable to replicate"
                    + " the partition 3 time(s)"), trace);
            assertTrue(trace.contains("it is created with 1 partition and the brokers' default.replication.factor;"
                    + " set control.topic.replication.factor (or the brokers' default.replication.factor) to at most"
                    + " the number of brokers, or create the topic yourself (kafka-topics --create --topic"
                    + " uncreatable-control --partitions 1 --replication-factor <n>), or name an existing topic in"
                    + " control.topic"), trace);
        } finally {
            connect.deleteConnector("uncreatable");
        }
    }

    @Test
    void aLakeFsThatRefusesTheCredentialsFailsTheTaskNamingTheKeys() throws Exception {
        Map<String, String> c = config("wrong-secret");
        c.put("lake.backend", "lakefs");
        c.put("lakefs.endpoint", lakeFs.endpoint());
        c.put("lakefs.access.key.id", KEY);
        c.put("lakefs.secret.access.key", "not-the-secret");
        c.put("lakefs.storage.namespace", "local://");
        connect.configureConnector("wrong-secret", c);
        try {
            String trace = awaitTaskFailure("wrong-secret", "LakeSink cannot use the lake");
            assertTrue(trace.contains("did not accept the credentials of access key id '" + KEY + "'"), trace);
            assertTrue(trace.contains("To fix: set lakefs.access.key.id and lakefs.secret.access.key to an access key"
                    + " of a lakeFS user"), trace);
            assertTrue(!trace.contains("not-the-secret"), "the secret stays out of the trace");
        } finally {
            connect.deleteConnector("wrong-secret");
        }
    }

    /**
     * A lakeFS nobody answers at: the task waits out a lakeFS that is briefly away (2 minutes in a task; 1 s here,
     * calling the task's lake opening directly) and then fails naming lakefs.endpoint. No worker needed.
     */
    @Test
    void anUnreachableLakeFsFailsNamingTheEndpointKey() {
        Map<String, String> c = config("unreachable");
        c.put("lake.backend", "lakefs");
        c.put("lakefs.endpoint", "http://127.0.0.1:9/api/v1");
        c.put("lakefs.access.key.id", KEY);
        c.put("lakefs.secret.access.key", SECRET);
        c.put("lakefs.retry.max.attempts", "1");
        c.put("lakefs.connect.timeout.ms", "1000");
        ConnectException e = assertThrows(ConnectException.class,
                () -> TaskLake.open(new LakeSinkConfig(c), c, 1_000));
        assertTrue(e.getMessage().startsWith("LakeSink cannot reach the lake: lakeFS at http://127.0.0.1:9/api/v1 did"
                + " not answer to "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(tried for 1 s). Check lakefs.endpoint (http://127.0.0.1:9/api/v1): it"
                + " must be lakeFS's API URL, http(s)://<host>:<port>/api/v1, reachable from every Connect worker, and"
                + " lakeFS must be running"), e.getMessage());
    }
}
