package io.lakesink.connect;

import io.lakesink.offsets.OffsetMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connect's own offsets API (KIP-875: {@code PATCH} and {@code DELETE /connectors/{name}/offsets}) may only agree
 * with the lake. Tasks resume from the ingest head's {@code kafka.offsets}, so any other offset Connect stored
 * would be silently ignored, and the operator would believe ingestion re-reads or skips what it does not. Where
 * ingestion resumes is changed by {@code lakesink rollback}, which moves the branches and then sets these same
 * offsets in Connect.
 */
final class OffsetsApiGuard {
    /** Enough to see the pattern of a mistaken request without burying the advice under it. */
    private static final int MAX_NAMED = 10;

    private OffsetsApiGuard() {
    }

    /**
     * Accepts {@code requested} only if every partition in it is where the lake has it: the same next offset, or
     * no offset (a null, which is how Connect removes one) for a partition the lake holds nothing of, which is what
     * a rollback to before a partition's first commit asks for. A reset of a connector whose group has no offsets
     * arrives as an empty request: accepted only while the lake holds no offsets either.
     *
     * @param lake  the ingest head's offsets
     * @param where which branch of which repository they come from, for the message
     */
    static void requireAgreement(String connector, Map<TopicPartition, Long> requested, OffsetMap lake, String where) {
        List<String> disagreements = new ArrayList<>();
        requested.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .forEach(e -> disagreement(e.getKey(), e.getValue(), lake.get(e.getKey()))
                        .ifPresent(disagreements::add));
        if (requested.isEmpty() && !lake.isEmpty()) {
            disagreements.add("a reset would not make the connector read anything again: it resumes from the lake's"
                    + " offsets " + lake.compact());
        }
        if (disagreements.isEmpty()) {
            return;
        }
        String named = String.join("; ", disagreements.subList(0, Math.min(MAX_NAMED, disagreements.size())))
                + (disagreements.size() > MAX_NAMED ? "; and " + (disagreements.size() - MAX_NAMED) + " more" : "");
        throw new ConnectException("Refused to change the offsets of connector '" + connector + "': LakeSink resumes"
                + " from the kafka.offsets of the head of " + where + ", and Connect may only hold offsets that agree"
                + " with it. This request does not: " + named + ". To read data again or skip it, use `lakesink"
                + " rollback` (--to-offset, --to-commit or --last-good; --skip-to-offset to skip past bad records):"
                + " it moves the branches and then sets Connect's offsets to match. Nothing was changed.");
    }

    private static Optional<String> disagreement(TopicPartition tp, Long requested, Optional<Long> lake) {
        String partition = tp.topic() + ":" + tp.partition();
        if (requested == null) {
            return lake.map(at -> partition + " is at offset " + at + " in the lake, the request removes its offset"
                    + " (as a DELETE does for every partition)");
        }
        if (lake.isEmpty()) {
            return Optional.of(partition + " has no offset in the lake (nothing of it committed yet), the request sets"
                    + " offset " + requested);
        }
        if (!lake.get().equals(requested)) {
            return Optional.of(partition + " is at offset " + lake.get() + " in the lake, the request sets offset "
                    + requested);
        }
        return Optional.empty();
    }
}
