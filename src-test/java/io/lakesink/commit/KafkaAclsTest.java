package io.lakesink.commit;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a task says when Kafka refuses one of LakeSink's clients, from the exception types Kafka's clients throw.
 * Unit-level for the refusals an in-JVM cluster cannot show cheaply: its clients are all one principal, so denying
 * the consumer group or CREATE on the cluster refuses Connect or the broker itself first; giving each its own SASL
 * user would cost more than these messages are worth end to end. A refused transactional id and the transaction log's
 * time-out are shown end to end on a real worker in FirstStartFailuresTest.
 */
class KafkaAclsTest {
    private final KafkaAcls acls = new KafkaAcls("shop-lakesink", "lakesink-control");

    @Test
    void aRefusedTransactionalIdNamesThePrefixedAclToGrant() {
        ConnectException e = acls.refused("LakeSink's control producer (transactional id lakesink-shop-lakesink-0)",
                new TransactionalIdAuthorizationException("Transactional Id authorization failed."));
        assertEquals("Kafka refused LakeSink's control producer (transactional id lakesink-shop-lakesink-0)"
                + " (Transactional Id authorization failed.): LakeSink writes control topic lakesink-control in Kafka"
                + " transactions; allow the principal of the connector's kafka.* settings WRITE and DESCRIBE on the"
                + " transactional ids starting with lakesink-shop-lakesink- (kafka-acls --bootstrap-server <broker>"
                + " --add --allow-principal User:<name> --operation Write --operation Describe --transactional-id"
                + " lakesink-shop-lakesink- --resource-pattern-type prefixed)", e.getMessage());
        assertTrue(e.getCause() instanceof TransactionalIdAuthorizationException);
    }

    @Test
    void aRefusedControlTopicNamesTheTopicItsOperationsAndTheKey() {
        String m = acls.refused("creating LakeSink's control topic lakesink-control",
                new TopicAuthorizationException(Set.of("lakesink-control"))).getMessage();
        assertTrue(m.startsWith("Kafka refused creating LakeSink's control topic lakesink-control (Not authorized to"
                + " access topics: [lakesink-control]): allow the principal of the connector's kafka.* settings"
                + " DESCRIBE, READ and WRITE on LakeSink's control topic lakesink-control, and CREATE unless you"
                + " create the topic yourself with 1 partition"), m);
        assertTrue(m.contains("--operation Create --topic lakesink-control"), m);
        assertTrue(m.endsWith("the topic is set by control.topic"), m);
    }

    @Test
    void aRefusedGroupNamesTheGroupAndBothPrincipalsNeeds() {
        String m = acls.refused("describing consumer group connect-shop-lakesink",
                new GroupAuthorizationException("Not authorized to access group: connect-shop-lakesink",
                        "connect-shop-lakesink")).getMessage();
        assertTrue(m.contains("allow the principal of the connector's kafka.* settings DESCRIBE on group"
                + " connect-shop-lakesink (kafka-acls --bootstrap-server <broker> --add --allow-principal"
                + " User:<name> --operation Describe --group connect-shop-lakesink)"), m);
        assertTrue(m.endsWith("Connect's own consumer needs READ on it too"), m);
    }

    @Test
    void aRefusedClusterOperationNamesIdempotentWriteAndCreate() {
        ConnectException e = acls.refused("creating LakeSink's control topic lakesink-control",
                new ClusterAuthorizationException("Cluster authorization failed."));
        assertTrue(e.getMessage().contains("--operation IdempotentWrite --cluster"), e.getMessage());
        assertTrue(e.getMessage().contains("CREATE on it or on the cluster"), e.getMessage());
    }

    @Test
    void theTransactionLogMisfitNamesTheSettingsAgainstTheBrokers() {
        assertEquals(Optional.of("the cluster has 1 broker(s) but transaction.state.log.replication.factor=3"
                + " (transaction.state.log.min.isr=2)"), TransactionLogCheck.misfit(1, Optional.of(3), Optional.of(2)));
        assertEquals(Optional.of("transaction.state.log.min.isr=2 is more than the 3 broker(s) or"
                + " transaction.state.log.replication.factor=1 can keep in sync"),
                TransactionLogCheck.misfit(3, Optional.of(1), Optional.of(2)));
        assertEquals(Optional.empty(), TransactionLogCheck.misfit(3, Optional.of(3), Optional.of(2)));
        assertEquals(Optional.empty(), TransactionLogCheck.misfit(1, Optional.of(1), Optional.of(1)));
        assertEquals(Optional.empty(), TransactionLogCheck.misfit(1, Optional.empty(), Optional.empty()));
    }

    @Test
    void theRefusalKeepsKafkasExceptionAsTheCause() {
        GroupAuthorizationException refused = new GroupAuthorizationException("no", "g");
        assertSame(refused, acls.refused("x", refused).getCause());
    }
}
