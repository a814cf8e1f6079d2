package io.lakesink.commit.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control topic's JSON across versions: what this build writes, what tasks before versioning wrote (the
 * strings below are what they wrote, taken from that code), and what a newer protocol may add.
 */
class ControlEventCodecTest {
    private static final String OLD_START = "{\"type\":\"start-commit\",\"connector\":\"orders-sink\",\"cycleId\":\"c1\"}";
    private static final String OLD_DATA_WRITTEN = "{\"type\":\"data-written\",\"connector\":\"orders-sink\","
            + "\"cycleId\":\"c1\",\"taskId\":1,\"batches\":[{\"topic\":\"orders\",\"partition\":0,\"startOffset\":-1,"
            + "\"nextOffset\":10,\"records\":10}],\"files\":[{\"path\":\"p\",\"physicalAddress\":\"a\",\"sizeBytes\":5,"
            + "\"checksum\":\"x\",\"topic\":\"orders\",\"partition\":0,\"records\":10,\"maxTimestamp\":1700000000000}]}";
    private static final String OLD_COMMIT_COMPLETE = "{\"type\":\"commit-complete\",\"connector\":\"orders-sink\","
            + "\"cycleId\":\"c1\",\"commitId\":\"abc\",\"offsetsJson\":\"{\\\"orders\\\":{\\\"0\\\":10}}\","
            + "\"summary\":{\"files\":\"1\",\"records\":\"10\"}}";

    @Test
    void everyEventTypeSurvivesARoundTrip() {
        List<ControlEvent> events = everyType();
        assertEquals(Set.of(ControlEvent.class.getPermittedSubclasses()),
                events.stream().map(Object::getClass).collect(Collectors.toSet()),
                "a sample of every event type (add one for a new type)");
        for (ControlEvent e : events) {
            assertEquals(Optional.of(e), ControlEventCodec.decode(ControlEventCodec.encode(e)));
        }
        CommitComplete nothingCommitted = CommitComplete.of("orders-sink", "c2", null, null, Map.of("error", "x"));
        assertEquals(Optional.of(nothingCommitted), decode(new String(ControlEventCodec.encode(nothingCommitted),
                StandardCharsets.UTF_8)));
    }

    @Test
    void versionZeroIsWrittenExactlyAsTasksBeforeVersioningWroteAndReadIt() {
        // those tasks refuse unknown fields: any extra field, "version" too, would make them drop the event
        assertEquals(0, ControlEvent.CURRENT_VERSION, "a new version needs a new expectation here");
        List<String> written = everyType().stream()
                .map(e -> new String(ControlEventCodec.encode(e), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of(OLD_START, OLD_DATA_WRITTEN, OLD_COMMIT_COMPLETE), written);
    }

    @Test
    void anEventWithoutAVersionFieldReadsAsVersionZero() {
        assertEquals(everyType(), List.of(decode(OLD_START).orElseThrow(), decode(OLD_DATA_WRITTEN).orElseThrow(),
                decode(OLD_COMMIT_COMPLETE).orElseThrow()));
        assertTrue(everyType().stream().allMatch(e -> e.version() == 0));
    }

    @Test
    void aNewerEventWithFieldsThisBuildDoesNotKnowIsReadForWhatItKnows() {
        String newer = "{\"type\":\"data-written\",\"version\":3,\"connector\":\"orders-sink\",\"cycleId\":\"c1\","
                + "\"taskId\":1,\"owner\":{\"token\":\"t-42\",\"epoch\":7},\"batches\":[{\"topic\":\"orders\","
                + "\"partition\":0,\"startOffset\":-1,\"nextOffset\":10,\"records\":10,\"bytes\":999}],"
                + "\"files\":[{\"path\":\"p\",\"physicalAddress\":\"a\",\"sizeBytes\":5,\"checksum\":\"x\","
                + "\"topic\":\"orders\",\"partition\":0,\"records\":10,\"maxTimestamp\":1700000000000,"
                + "\"codec\":\"zstd\",\"columns\":[\"id\"]}],\"tail\":null}";
        DataWritten read = (DataWritten) decode(newer).orElseThrow();
        assertEquals(3, read.version());
        DataWritten old = (DataWritten) everyType().get(1);
        assertEquals(new DataWritten(3, old.connector(), old.cycleId(), old.taskId(), old.batches(), old.files()), read);

        StartCommit start = (StartCommit) decode("{\"type\":\"start-commit\",\"version\":2,\"deadline\":123,"
                + "\"connector\":\"orders-sink\",\"cycleId\":\"c9\"}").orElseThrow();
        assertEquals(new StartCommit(2, "orders-sink", "c9"), start);
    }

    @Test
    void aVersionAboveZeroIsWrittenAndReadBack() {
        StartCommit v1 = new StartCommit(1, "orders-sink", "c1");
        String json = new String(ControlEventCodec.encode(v1), StandardCharsets.UTF_8);
        assertEquals("{\"type\":\"start-commit\",\"version\":1,\"connector\":\"orders-sink\",\"cycleId\":\"c1\"}", json);
        assertEquals(Optional.of(v1), decode(json));
    }

    @Test
    void anEventTypeThisBuildDoesNotKnowIsSkippedAndGarbageIsRefused() {
        assertEquals(Optional.empty(), decode("{\"type\":\"owner-changed\",\"version\":4,\"connector\":\"orders-sink\"}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decode("{\"type\":"));
        assertTrue(e.getMessage().startsWith("not a control event"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> decode("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> decode("{\"connector\":\"orders-sink\",\"cycleId\":\"c1\"}"));
        assertFalse(decode(OLD_START).isEmpty());
    }

    /** One event of each type, as {@code OLD_*} describe them. */
    private static List<ControlEvent> everyType() {
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("files", "1");
        summary.put("records", "10");
        return Arrays.asList(
                StartCommit.of("orders-sink", "c1"),
                DataWritten.of("orders-sink", "c1", 1, List.of(new PartitionBatch("orders", 0, -1, 10, 10)),
                        List.of(new DataFile("p", "a", 5, "x", "orders", 0, 10, 1_700_000_000_000L))),
                CommitComplete.of("orders-sink", "c1", "abc", "{\"orders\":{\"0\":10}}", summary));
    }

    private static Optional<ControlEvent> decode(String json) {
        return ControlEventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
