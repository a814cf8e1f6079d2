package io.lakesink.demo;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * The demo's event stream: orders (two partitions, by order id) and customers (one partition), as schemaless JSON.
 * Keeps count of what it produced so the demo knows which offsets main must reach.
 */
final class ShopEvents implements AutoCloseable {
    static final String ORDERS = "orders";
    static final String CUSTOMERS = "customers";
    static final int ORDER_PARTITIONS = 2;

    private final KafkaProducer<String, String> producer;
    private final Random random = new Random(42);
    private final Map<TopicPartition, Long> produced = new HashMap<>();
    private long nextOrder = 1;
    private long nextCustomer = 1;

    ShopEvents(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Good orders spread over both partitions, and new customers who place them. */
    void goodRound(int orders, int customers) {
        for (int i = 0; i < customers; i++) {
            long id = nextCustomer++;
            send(CUSTOMERS, 0, "c" + id, String.format(Locale.ROOT,
                    "{\"customer_id\":%d,\"name\":\"Customer %d\",\"email\":\"customer%d@example.com\",\"country\":\"%s\"}",
                    id, id, id, new String[] {"NL", "DE", "FR", "US"}[(int) (id % 4)]));
        }
        for (int i = 0; i < orders; i++) {
            order(10 + random.nextInt(9000) / 100.0, "EUR", -1);
        }
        producer.flush();
    }

    /**
     * Good orders with {@code negative} orders of negative amounts spread among them (refunds booked as orders):
     * the positive_amounts check names those rows, and only they are set aside.
     */
    void roundWithNegativeAmounts(int good, int negative) {
        int every = Math.max(1, good / negative);
        int bad = 0;
        for (int i = 0; i < good || bad < negative; i++) {
            if (bad < negative && i % every == every / 2) {
                order(-(1 + random.nextInt(5000) / 100.0), "EUR", -1);
                bad++;
            }
            if (i < good) {
                order(10 + random.nextInt(9000) / 100.0, "EUR", -1);
            }
        }
        producer.flush();
    }

    /** Orders in a currency nobody handles, all on partition 0: they pass every check and reach main. */
    void unknownCurrency(int orders) {
        for (int i = 0; i < orders; i++) {
            order(10 + random.nextInt(9000) / 100.0, "XXX", 0);
        }
        producer.flush();
    }

    private void order(double amount, String currency, int forcedPartition) {
        long id = nextOrder++;
        long customer = 1 + (long) random.nextInt((int) Math.max(1, nextCustomer - 1));
        int partition = forcedPartition >= 0 ? forcedPartition : (int) (id % ORDER_PARTITIONS);
        send(ORDERS, partition, "o" + id, String.format(Locale.ROOT,
                "{\"order_id\":%d,\"customer_id\":%d,\"amount\":%.2f,\"currency\":\"%s\",\"ordered_at\":%d}",
                id, customer, amount, currency, System.currentTimeMillis()));
    }

    private void send(String topic, int partition, String key, String value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
        produced.merge(new TopicPartition(topic, partition), 1L, Long::sum);
    }

    /** Next offset per partition: what the lake must record once everything produced so far has landed. */
    Map<TopicPartition, Long> producedOffsets() {
        return Map.copyOf(produced);
    }

    long next(TopicPartition tp) {
        return produced.getOrDefault(tp, 0L);
    }

    @Override
    public void close() {
        producer.close();
    }
}
