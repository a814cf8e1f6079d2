package io.lakesink.commit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Apache Iceberg's election: the task whose assignment holds the smallest topic-partition of the connector's
 * consumer group runs the coordinator. Asks the group's assignment through the Admin client.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** Short, because the control loop waits for the answer; without one a task decides from its own partitions. */
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String groupId;
    private final KafkaAcls acls;

    public LeaderElection(Map<String, Object> clientProps, String groupId, KafkaAcls acls) {
        this.admin = Admin.create(clientProps);
        this.groupId = groupId;
        this.acls = acls;
    }

    public boolean isLeader(Collection<TopicPartition> myAssignment) {
        if (myAssignment.isEmpty()) {
            return false;
        }
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId),
                            new DescribeConsumerGroupsOptions().timeoutMs((int) ASK_TIMEOUT.toMillis())).all()
                    .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(groupId);
            Optional<TopicPartition> first = group.members().stream()
                    .map(MemberDescription::assignment)
                    .flatMap(a -> a.topicPartitions().stream())
                    .min(ORDER);
            Optional<TopicPartition> mine = myAssignment.stream().min(ORDER);
            return first.isPresent() && first.equals(mine);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupAuthorizationException refused) {
                // not a passing trouble: every cycle would ask again and fall back, for as long as the task runs
                throw acls.refused("describing consumer group " + groupId, refused);
            }
            return ownView(myAssignment, e.getCause());
        } catch (Exception e) {
            return ownView(myAssignment, e);
        }
    }

    /**
     * Without the group's assignment, this task's own view: it leads if it holds partition 0 of the smallest topic it
     * reads. Two leaders at once are safe (offsets decide what is committed).
     */
    private boolean ownView(Collection<TopicPartition> myAssignment, Throwable e) {
        log.warn("Could not describe consumer group {} ({}); deciding the coordinator from this task's partitions",
                groupId, e.toString());
        return myAssignment.stream().min(ORDER).map(tp -> tp.partition() == 0).orElse(false);
    }

    /** Does not wait for an absent broker: a question still pending fails. */
    @Override
    public void close() {
        admin.close(Duration.ofMillis(500));
    }
}
