package io.lakesink.commit;

import io.lakesink.commit.event.ControlEvent;
import io.lakesink.commit.event.ControlEventCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A task's link to the control topic. Events are sent in Kafka transactions under a per-task
 * {@code transactional.id}, so a zombie instance of the same task is fenced by the broker; they are read with
 * {@code read_committed} from the end of the topic as it was when the task started.
 */
public final class ControlChannel implements ControlEvents {
    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);

    private final String topic;
    private final String connector;
    /** How long a call to Kafka may block the control loop; also the bound on starting. */
    private static final Duration BLOCK = Duration.ofSeconds(10);
    private static final Duration CLOSE = Duration.ofMillis(500);

    private final KafkaAcls acls;
    private final Map<String, Object> producerProps;
    /** Null after a failed send, until the next send makes a new one. */
    private volatile KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /** @param replicationFactor of the topic if this creates it; empty: the broker's default */
    public ControlChannel(String topic, String connector, String transactionalId, Map<String, Object> clientProps,
                          Optional<Short> replicationFactor) {
        this.topic = topic;
        this.connector = connector;
        this.acls = new KafkaAcls(connector, topic);
        ensureTopic(clientProps, replicationFactor);
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId + "-control-producer");
        // a send that cannot reach Kafka gives up after this, instead of the default minute, so the control loop
        // notices the outage, the task can stop in time, and the next cycle starts once Kafka is back
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BLOCK.toMillis());
        this.producerProps = p;
        producer = firstProducer(transactionalId, clientProps);
        Map<String, Object> c = new HashMap<>(clientProps);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId + "-control-consumer");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, BLOCK).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(tp -> consumer.position(tp, BLOCK));
        } catch (AuthorizationException e) {
            close();
            throw acls.refused("reading LakeSink's control topic " + topic, e);
        } catch (KafkaException e) {
            close();
            throw new ConnectException("cannot read control topic " + topic + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The producer a task starts with. Its InitProducerId is where a deployment first meets Kafka's transactions:
     * a refusal or a time-out here fails the task saying what to change, where Kafka's own message names neither
     * transactions nor a setting.
     */
    private KafkaProducer<byte[], byte[]> firstProducer(String transactionalId, Map<String, Object> clientProps) {
        try {
            return newProducer();
        } catch (AuthorizationException e) {
            throw acls.refused("LakeSink's control producer (transactional id " + transactionalId + ")", e);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw TransactionLogCheck.unavailable(topic, transactionalId, acls.transactionalIdPrefix(),
                    producerProps.get(ProducerConfig.MAX_BLOCK_MS_CONFIG), clientProps, e);
        }
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer());
        try {
            p.initTransactions();
            return p;
        } catch (KafkaException e) {
            p.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Sends one event in its own transaction.
     *
     * @throws ControlTopicUnavailableException when Kafka did not take it in time; the next send starts afresh
     * @throws ConnectException when this task may not go on: fenced by a newer instance of itself, or not allowed
     */
    @Override
    public void send(ControlEvent event) {
        byte[] value = ControlEventCodec.encode(event);
        String what = event.getClass().getSimpleName() + " of cycle " + event.cycleId();
        try {
            if (producer == null) {
                producer = newProducer();
            }
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, connector.getBytes(StandardCharsets.UTF_8), value));
            producer.commitTransaction();
        } catch (AuthorizationException e) {
            throw acls.refused("sending " + what + " to control topic " + topic, e);
        } catch (ProducerFencedException | InvalidProducerEpochException | UnsupportedVersionException e) {
            throw new ConnectException("could not send " + what + " to control topic " + topic + ": " + e.getMessage()
                    + " (another instance of this task took over)", e);
        } catch (KafkaException e) {
            // the transaction's fate is unknown; a new producer with the same transactional id aborts it
            discardProducer();
            throw new ControlTopicUnavailableException("Kafka did not take " + what + " for control topic " + topic
                    + " within " + BLOCK.toSeconds() + " s: " + e.getMessage(), e);
        }
    }

    private void discardProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }
    /** Events of this connector that arrived since the last poll. */
    @Override
    public List<ControlEvent> poll(Duration timeout) {
        List<ControlEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            try {
                Optional<ControlEvent> event = ControlEventCodec.decode(r.value());
                if (event.isEmpty()) {
                    log.debug("Skipping an event of a type this version does not know at offset {} of control topic"
                            + " {}", r.offset(), topic);
                } else if (connector.equals(event.get().connector())) {
                    events.add(event.get());
                }
            } catch (IllegalArgumentException e) {
                log.warn("Skipping an unreadable event at offset {} of control topic {}: {}", r.offset(), topic,
                        e.getMessage());
            }
        }
        return events;
    }

    private void ensureTopic(Map<String, Object> clientProps, Optional<Short> replicationFactor) {
        try (Admin admin = Admin.create(clientProps)) {
            if (admin.listTopics().names().get(BLOCK.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), replicationFactor))).all()
                    .get(BLOCK.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created control topic {}", topic);
        } catch (TimeoutException e) {
            throw new ConnectException("Kafka did not answer within " + BLOCK.toSeconds() + " s while looking for"
                    + " control topic " + topic + ": check that kafka.bootstrap.servers (" + clientProps.get(
                    "bootstrap.servers") + ") reaches the brokers from this worker, with the kafka.* security"
                    + " settings they need", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException refused) {
                throw acls.refused("creating LakeSink's control topic " + topic, refused);
            }
            if (e.getCause() instanceof InvalidReplicationFactorException) {
                throw new ConnectException("cannot create LakeSink's control topic " + topic + " ("
                        + e.getCause().getMessage() + "): it is created with 1 partition and "
                        + replicationFactor.map(f -> "replication factor " + f + " (control.topic.replication.factor)")
                        .orElse("the brokers' default.replication.factor") + "; set control.topic.replication.factor"
                        + " (or the brokers' default.replication.factor) to at most the number of brokers, or create"
                        + " the topic yourself (kafka-topics --create --topic " + topic
                        + " --partitions 1 --replication-factor <n>), or name an existing topic in control.topic",
                        e.getCause());
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException("cannot create control topic " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while creating control topic " + topic, e);
        }
    }

    /** Makes a {@link #poll} in progress on another thread return at once (Kafka's consumer is single-threaded). */
    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    /**
     * Fails a send in progress on another thread at once, for a task that must stop while Kafka is away. The
     * channel is then only good for {@link #close}.
     */
    @Override
    public void abortSends() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ZERO);
        }
    }

    /** Closes both clients without waiting for an absent broker; call from the thread that polls. */
    @Override
    public void close() {
        try {
            discardProducer();
        } finally {
            consumer.close(CLOSE);
        }
    }
}
