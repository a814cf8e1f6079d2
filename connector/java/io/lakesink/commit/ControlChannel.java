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

/**
 * A task's link to the control topic. Events are sent in Kafka transactions under a per-task
 * {@code transactional.id}, so a zombie instance of the same task is fenced by the broker; they are read with
 * {@code read_committed} from the end of the topic as it was when the task started.
 */
public final class ControlChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);

    private final String topic;
    private final String connector;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public ControlChannel(String topic, String connector, String transactionalId, Map<String, Object> clientProps) {
        this.topic = topic;
        this.connector = connector;
        ensureTopic(clientProps);
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId + "-control-producer");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        Map<String, Object> c = new HashMap<>(clientProps);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId + "-control-consumer");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    public void send(ControlEvent event) {
        byte[] value = ControlEventCodec.encode(event);
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, connector.getBytes(StandardCharsets.UTF_8), value));
            producer.commitTransaction();
        } catch (KafkaException e) {
            // fenced (another instance of this task took over) or the broker is gone: this task cannot go on
            throw new ConnectException("could not send " + event.getClass().getSimpleName() + " of cycle "
                    + event.cycleId() + " to control topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Events of this connector that arrived since the last poll. */
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

    private void ensureTopic(Map<String, Object> clientProps) {
        try (Admin admin = Admin.create(clientProps)) {
            if (admin.listTopics().names().get().contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all().get();
            log.info("Created control topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException("cannot create control topic " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while creating control topic " + topic, e);
        }
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
