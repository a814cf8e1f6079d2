package io.lakesink.commit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Why a transactional producer could not start, and what to change: asks the cluster how many brokers it has and how the transaction
 * log is configured, because a log with more replicas (or a larger min ISR) than brokers makes every InitProducerId
 * wait until it times out, and Kafka's own message says only that. Best effort: an answer it cannot get (no
 * DESCRIBE_CONFIGS, say) leaves the cause open.
 */
final class TransactionLogCheck {
    private static final Logger log = LoggerFactory.getLogger(TransactionLogCheck.class);
    static final String REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    static final String MIN_ISR = "transaction.state.log.min.isr";
    private static final Duration ASK = Duration.ofSeconds(5);

    private TransactionLogCheck() {
    }

    /** The task-failing error for an InitProducerId that timed out after {@code maxBlockMs}, with what to change. */
    static ConnectException unavailable(String topic, String transactionalId, String transactionalIdPrefix,
                                        Object maxBlockMs, Map<String, Object> clientProps, KafkaException e) {
        String cause = misfit(clientProps)
                .map(misfit -> "; here " + misfit + ", so no transaction can start")
                .orElse("; either the brokers cannot be reached or are still starting (then restart the task), or"
                        + " the transaction log does not fit the cluster");
        return new ConnectException("Kafka did not start a transaction for LakeSink's control topic " + topic
                + " within " + maxBlockMs + " ms (" + e.getMessage() + "). LakeSink writes its control topic in Kafka"
                + " transactions (transactional id " + transactionalId + "), so the brokers' transaction coordinator"
                + " must work" + cause + ". Set " + REPLICATION_FACTOR + " and " + MIN_ISR + " on every broker to at"
                + " most the number of brokers (1 on a single broker, as Kafka's quickstart server.properties does)"
                + " and restart the brokers; if topic __transaction_state already exists with more replicas than"
                + " brokers, add brokers or delete it. On a secured cluster also allow the connector's principal WRITE"
                + " and DESCRIBE on transactional ids " + transactionalIdPrefix + "* (docs/operations.md, What"
                + " LakeSink needs from Kafka)", e);
    }

    /** The misfit found, in words, or empty when the settings fit the cluster or could not be read. */
    static Optional<String> misfit(Map<String, Object> clientProps) {
        try (Admin admin = Admin.create(clientProps)) {
            Collection<Node> brokers = admin.describeCluster().nodes().get(ASK.toMillis(), TimeUnit.MILLISECONDS);
            if (brokers.isEmpty()) {
                return Optional.empty();
            }
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
                    Integer.toString(brokers.iterator().next().id()));
            Config config = admin.describeConfigs(List.of(broker)).all().get(ASK.toMillis(), TimeUnit.MILLISECONDS)
                    .get(broker);
            return misfit(brokers.size(), intValue(config, REPLICATION_FACTOR), intValue(config, MIN_ISR));
        } catch (Exception e) {
            log.debug("Could not read the transaction log's settings", e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    static Optional<String> misfit(int brokers, Optional<Integer> replicationFactor, Optional<Integer> minIsr) {
        if (replicationFactor.isPresent() && replicationFactor.get() > brokers) {
            return Optional.of("the cluster has " + brokers + " broker(s) but " + REPLICATION_FACTOR + "="
                    + replicationFactor.get() + minIsr.map(m -> " (" + MIN_ISR + "=" + m + ")").orElse(""));
        }
        if (minIsr.isPresent() && minIsr.get() > Math.min(brokers, replicationFactor.orElse(brokers))) {
            return Optional.of(MIN_ISR + "=" + minIsr.get() + " is more than the " + brokers + " broker(s)"
                    + replicationFactor.map(r -> " or " + REPLICATION_FACTOR + "=" + r).orElse("")
                    + " can keep in sync");
        }
        return Optional.empty();
    }

    private static Optional<Integer> intValue(Config config, String name) {
        ConfigEntry entry = config == null ? null : config.get(name);
        if (entry == null || entry.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(entry.value().trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
