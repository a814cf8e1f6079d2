package io.lakesink.commit;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Turns Kafka's refusal of one of LakeSink's own clients (the control topic's producer, consumer and admin, made from
 * the connector's {@code kafka.*} settings) into the ACL that is missing, with the {@code kafka-acls} command that
 * grants it. Kafka's own message names only the resource ("Transactional Id authorization failed"), not why LakeSink
 * touches it or what to grant; a secured cluster meets these on the first start.
 */
public final class KafkaAcls {
    private static final String PRINCIPAL = "the principal of the connector's kafka.* settings";
    private static final String GRANT = "kafka-acls --bootstrap-server <broker> --add --allow-principal User:<name>";

    private final String connector;
    private final String controlTopic;

    public KafkaAcls(String connector, String controlTopic) {
        this.connector = connector;
        this.controlTopic = controlTopic;
    }

    /** The prefix of every transactional id the connector's tasks use ({@code lakesink-<connector>-<task>}). */
    public String transactionalIdPrefix() {
        return "lakesink-" + connector + "-";
    }

    /** The task-failing error for a refusal met while doing {@code what} (e.g. "starting the control producer"). */
    public ConnectException refused(String what, AuthorizationException e) {
        return new ConnectException("Kafka refused " + what + " (" + e.getMessage() + "): " + remedy(e), e);
    }

    private String remedy(AuthorizationException e) {
        if (e instanceof TransactionalIdAuthorizationException) {
            return "LakeSink writes control topic " + controlTopic + " in Kafka transactions; allow " + PRINCIPAL
                    + " WRITE and DESCRIBE on the transactional ids starting with " + transactionalIdPrefix() + " ("
                    + GRANT + " --operation Write --operation Describe --transactional-id " + transactionalIdPrefix()
                    + " --resource-pattern-type prefixed)";
        }
        if (e instanceof TopicAuthorizationException) {
            return "allow " + PRINCIPAL + " DESCRIBE, READ and WRITE on LakeSink's control topic " + controlTopic
                    + ", and CREATE unless you create the topic yourself with 1 partition (" + GRANT
                    + " --operation Describe --operation Read --operation Write --operation Create --topic "
                    + controlTopic + "); the topic is set by control.topic";
        }
        if (e instanceof GroupAuthorizationException g) {
            String group = g.groupId() == null ? "connect-" + connector : g.groupId();
            return "LakeSink's tasks choose their coordinator from the assignment of the connector's consumer group;"
                    + " allow " + PRINCIPAL + " DESCRIBE on group " + group + " (" + GRANT + " --operation Describe"
                    + " --group " + group + "). Connect's own consumer needs READ on it too";
        }
        if (e instanceof ClusterAuthorizationException) {
            return "LakeSink's control producer is idempotent and transactional, and the first task creates control"
                    + " topic " + controlTopic + "; brokers before Kafka 2.8 need IDEMPOTENT_WRITE on the cluster for"
                    + " it (" + GRANT + " --operation IdempotentWrite --cluster), and creating the topic needs CREATE"
                    + " on it or on the cluster (or create it yourself with 1 partition)";
        }
        return "allow " + PRINCIPAL + " what the message names; docs/operations.md (Kafka ACLs) lists every ACL"
                + " LakeSink needs";
    }
}
