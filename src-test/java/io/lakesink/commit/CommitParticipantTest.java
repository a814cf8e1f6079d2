package io.lakesink.commit;

import io.lakesink.commit.event.CommitComplete;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.PartitionBatch;
import io.lakesink.commit.event.StartCommit;
import io.lakesink.connect.FixedAssignmentContext;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import io.lakesink.write.DefaultPartitioner;
import io.lakesink.write.ObjectPaths;
import io.lakesink.write.Rotation;
import io.lakesink.write.TaskWriters;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task's side of the protocol alone: real files and lake, a control topic in memory. */
class CommitParticipantTest {
    private static final String REPO = "events";
    private static final String CONNECTOR = "orders-sink";
    private static final TopicPartition P0 = new TopicPartition("orders", 0);

    @TempDir
    Path dir;
    private EmbeddedLake lake;
    private TaskWriters writers;
    private final InMemoryControlTopic topic = new InMemoryControlTopic();
    private CommitParticipant participant;
    private final FixedAssignmentContext seeks = new FixedAssignmentContext(Map.of(), Set.of(P0));

    @BeforeEach
    void setUp() throws Exception {
        lake = EmbeddedLake.open(dir.resolve("lake"));
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
        writers = new TaskWriters(Files.createDirectories(dir.resolve("work")), new RecordConverter(RowLayout.DEFAULT),
                new DefaultPartitioner(), new ObjectPaths("topics"), ParquetSettings.DEFAULT,
                Rotation.DEFAULT.withFlushSize(1000).withMaxOpenFiles(10));
        participant = new CommitParticipant(CONNECTOR, 0, writers, new FileUploader(lake, REPO, "ingest"),
                topic.channel());
    }

    @AfterEach
    void tearDown() {
        writers.close();
        lake.close();
    }

    private void put(long from, long to) {
        participant.beforeBatch(seeks);
        for (long o = from; o < to; o++) {
            if (participant.accepts(P0, o)) {
                writers.write(new SinkRecord("orders", 0, null, null, null, Map.of("id", o), o, 1_700_000_000_000L,
                        TimestampType.CREATE_TIME));
            }
        }
        participant.afterBatch();
    }

    private DataWritten lastAnswer() {
        List<DataWritten> answers = topic.events(DataWritten.class);
        return answers.get(answers.size() - 1);
    }

    @Test
    void aTaskWithNothingNewAnswersAtOnceWithNothing() {
        participant.assign(P0, 5L);
        participant.onStartCommit(StartCommit.of(CONNECTOR, "c1"));
        assertEquals(List.of(), lastAnswer().batches());
        assertEquals(List.of(), lastAnswer().files());
        assertEquals(Map.of(P0, 5L), participant.confirmedOffsets());
    }

    @Test
    void anAnswerCountsFromWhereTheLakeStandsAndAConfirmedCycleMovesOn() {
        participant.assign(P0, 10L);
        put(10, 15);
        participant.onStartCommit(StartCommit.of(CONNECTOR, "c1"));
        PartitionBatch batch = lastAnswer().batches().get(0);
        assertEquals(10, batch.startOffset());
        assertEquals(15, batch.nextOffset());
        assertEquals(1, lastAnswer().files().size());
        participant.onCommitComplete(CommitComplete.of(CONNECTOR, "c1", "x", "{\"orders\":{\"0\":15}}", Map.of()));
        assertEquals(Map.of(P0, 15L), participant.confirmedOffsets());
        put(15, 17);
        participant.onStartCommit(StartCommit.of(CONNECTOR, "c2"));
        assertEquals(15, lastAnswer().batches().get(0).startOffset(), "the next batch starts where the lake stands");
        assertTrue(seeks.seeks().isEmpty(), "nothing is read again");
    }

    /** The cycle ended without this task's batch (timed out, or Kafka lost the answer): read it again. */
    @Test
    void aBatchTheCycleLeftOutIsReadAgainFromTheLakesOffsetAndRecordsFetchedBeforeTheSeekAreDropped() {
        participant.assign(P0, 10L);
        put(10, 15);
        participant.onStartCommit(StartCommit.of(CONNECTOR, "c1"));
        participant.onCommitComplete(CommitComplete.of(CONNECTOR, "c1", null, "{\"orders\":{\"0\":10}}", Map.of()));
        assertEquals(Map.of(P0, 10L), participant.confirmedOffsets());
        put(15, 16);                     // fetched before the seek took effect: dropped
        assertEquals(Map.of(P0, 10L), seeks.seeks(), "Connect is asked to read from the lake's offset again");
        seeks.seeks().clear();
        put(10, 12);                     // delivered again from the seek
        participant.onStartCommit(StartCommit.of(CONNECTOR, "c2"));
        PartitionBatch again = lastAnswer().batches().get(0);
        assertEquals(10, again.startOffset());
        assertEquals(12, again.nextOffset());
    }

    @Test
    void anAnswerKafkaDidNotTakeLeavesTheTaskReadyForTheNextCycle() {
        participant.assign(P0, 0L);
        put(0, 3);
        topic.failNextSends(1);
        try {
            participant.onStartCommit(StartCommit.of(CONNECTOR, "c1"));
        } catch (ControlTopicUnavailableException expected) {
            // the answer is lost
        }
        assertFalse(participant.lock().isHeldByCurrentThread(), "the lock is released");
        participant.onCommitComplete(CommitComplete.of(CONNECTOR, "c1", null, "{}", Map.of()));
        participant.beforeBatch(seeks);
        assertEquals(Map.of(P0, 0L), seeks.seeks(), "what the lost answer held is read again");
    }
}
