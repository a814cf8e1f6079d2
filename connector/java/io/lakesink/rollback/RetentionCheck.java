package io.lakesink.rollback;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Re-reading needs the records to still be in Kafka: asks the brokers for each partition's earliest retained
 * offset and names the offsets that retention already deleted.
 */
public final class RetentionCheck {
    private final Map<String, Object> adminConfig;

    public RetentionCheck(String bootstrapServers, Map<String, String> extraAdminConfig) {
        Map<String, Object> c = new HashMap<>(extraAdminConfig);
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8_000);
        this.adminConfig = c;
    }

    /** The offsets ingestion would resume from that Kafka no longer holds: {@code [resume, earliest)} per partition. */
    public List<OffsetSpan> lostRanges(Map<TopicPartition, Long> resumeFrom) {
        if (resumeFrom.isEmpty()) {
            return List.of();
        }
        Properties p = new Properties();
        p.putAll(adminConfig);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            resumeFrom.keySet().forEach(tp -> ask.put(tp, OffsetSpec.earliest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest =
                    admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS);
            List<OffsetSpan> lost = new ArrayList<>();
            resumeFrom.forEach((tp, resume) -> {
                long first = earliest.get(tp).offset();
                if (first > resume) {
                    lost.add(new OffsetSpan(tp, resume, first));
                }
            });
            lost.sort(Comparator.comparing(OffsetSpan::toString));
            return lost;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RollbackException("cannot check Kafka retention at " + adminConfig.get(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " (" + cause + "): without it the rollback cannot"
                    + " tell whether the records to re-read still exist; pass --accept-data-loss to go ahead anyway", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted while checking Kafka retention", e);
        }
    }
}
