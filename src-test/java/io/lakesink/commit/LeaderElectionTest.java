package io.lakesink.commit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The election against a real broker and a real consumer group. */
class LeaderElectionTest {
    private static final String GROUP = "connect-orders-sink";
    private EmbeddedKafkaCluster kafka;
    private final List<KafkaConsumer<byte[], byte[]>> members = new ArrayList<>();

    @AfterEach
    void tearDown() {
        members.forEach(c -> c.close(Duration.ofSeconds(1)));
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void theTaskHoldingTheSmallestPartitionLeadsAndWithoutTheBrokerATaskDecidesAloneInSeconds() throws Exception {
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        kafka.createTopic("orders", 2);
        kafka.createTopic("customers", 1);
        for (int i = 0; i < 3; i++) {
            members.add(kafka.createConsumerAndSubscribeTo(Map.of(ConsumerConfig.GROUP_ID_CONFIG, GROUP),
                    "orders", "customers"));
        }
        TestUtils.waitForCondition(() -> {
            members.forEach(c -> c.poll(Duration.ofMillis(50)));
            return members.stream().mapToInt(c -> c.assignment().size()).sum() == 3;
        }, 60_000, "the group never settled");

        try (LeaderElection election = new LeaderElection(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                GROUP, new KafkaAcls("test", "lakesink-control"))) {
            List<Boolean> leads = members.stream().map(c -> election.isLeader(c.assignment())).toList();
            assertEquals(1, leads.stream().filter(b -> b).count(), "exactly one leader: " + leads);
            KafkaConsumer<byte[], byte[]> leader = members.get(leads.indexOf(true));
            assertTrue(leader.assignment().contains(new TopicPartition("customers", 0)),
                    "the smallest topic-partition is customers-0: " + leader.assignment());
            assertFalse(election.isLeader(Set.of()), "a task without partitions never leads");

            kafka.stopOnlyBrokers();
            long before = System.nanoTime();
            boolean alone = election.isLeader(Set.of(new TopicPartition("customers", 0)));
            long millis = (System.nanoTime() - before) / 1_000_000;
            assertTrue(alone, "without the group, the holder of the first partition of its smallest topic leads");
            assertTrue(millis < 10_000, "the question to an absent broker took " + millis + " ms");
            assertFalse(election.isLeader(Set.of(new TopicPartition("orders", 1))));
        }
    }
}
