package io.lakesink.commit;

import io.lakesink.commit.event.CommitComplete;
import io.lakesink.commit.event.DataFile;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.PartitionBatch;
import io.lakesink.commit.event.StartCommit;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coordinator alone: a control topic in memory, a real embedded lake, time given by the test. */
class CoordinatorTest {
    private static final String REPO = "events";
    private static final String CONNECTOR = "orders-sink";
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private static final long INTERVAL = 1_000;
    private static final long TIMEOUT = 5_000;

    @TempDir
    Path dir;
    private EmbeddedLake lake;
    private final InMemoryControlTopic topic = new InMemoryControlTopic();
    private final AtomicInteger publishRequests = new AtomicInteger();
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void setUp() {
        lake = EmbeddedLake.open(dir);
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
    }

    @AfterEach
    void tearDown() {
        lake.close();
    }

    private Coordinator coordinator(int tasks, long now) {
        return new Coordinator(CONNECTOR, tasks, INTERVAL, TIMEOUT,
                IngestCommitterTest.committer(lake, CONNECTOR),
                new UnlinkedFileCollector(lake, REPO, Duration.ofHours(1)), topic.channel(),
                publishRequests::incrementAndGet, 0, listener, 10, now);
    }

    private String lastCycle() {
        List<StartCommit> starts = topic.events(StartCommit.class);
        return starts.get(starts.size() - 1).cycleId();
    }

    private OffsetMap ingestOffsets() {
        return CommitMetadata.offsetsAt(lake, REPO, "ingest");
    }

    @Test
    void aCycleStartsEachIntervalAndCommitsOnceEveryTaskHasAnswered() {
        Coordinator c = coordinator(2, 0);
        assertEquals(1, publishRequests.get(), "a new coordinator asks for publishing once");
        c.tick(INTERVAL - 1);
        assertEquals(0, topic.events(StartCommit.class).size(), "no cycle before the interval");
        c.tick(INTERVAL);
        String cycle = lastCycle();
        c.onDataWritten(answer(cycle, 0, batch(P0, -1, 10), file(P0, 0)));
        c.tick(INTERVAL + 10);
        assertEquals(0, topic.events(CommitComplete.class).size(), "waits for the second task");
        c.onDataWritten(answer(cycle, 1, batch(P1, -1, 4), file(P1, 0)));
        c.tick(INTERVAL + 20);
        CommitComplete done = topic.events(CommitComplete.class).get(0);
        assertEquals(cycle, done.cycleId());
        assertEquals("{\"orders\":{\"0\":10,\"1\":4}}", done.offsetsJson());
        assertEquals(lake.getBranch(REPO, "ingest").commitId(), done.commitId());
        assertEquals(2, publishRequests.get(), "a commit asks for publishing");
        assertEquals(List.of("committed 14"), listener.commits);
        c.tick(INTERVAL + 20 + INTERVAL - 1);
        assertEquals(1, topic.events(StartCommit.class).size(), "the next cycle waits a whole interval");
        c.tick(2 * INTERVAL + 20);
        assertEquals(2, topic.events(StartCommit.class).size());
    }

    @Test
    void aTimedOutCycleCommitsWhatArrivedAndALateAnswerToItIsIgnored() {
        Coordinator c = coordinator(2, 0);
        c.tick(INTERVAL);
        String first = lastCycle();
        c.onDataWritten(answer(first, 0, batch(P0, -1, 10), file(P0, 0)));
        c.tick(INTERVAL + TIMEOUT - 1);
        assertEquals(0, topic.events(CommitComplete.class).size(), "still waiting for task 1");
        c.tick(INTERVAL + TIMEOUT);
        assertEquals("{\"orders\":{\"0\":10}}", topic.events(CommitComplete.class).get(0).offsetsJson(),
                "what arrived is committed");

        c.tick(2 * INTERVAL + TIMEOUT);
        String second = lastCycle();
        c.onDataWritten(answer(first, 1, batch(P1, -1, 4), file(P1, 0)));  // task 1's answer to the old cycle
        c.onDataWritten(answer(second, 0, batch(P0, 10, 12), file(P0, 10)));
        c.tick(2 * INTERVAL + TIMEOUT + 10);
        assertEquals(1, topic.events(CommitComplete.class).size(), "the late answer does not count for the new cycle");
        c.tick(2 * INTERVAL + 2 * TIMEOUT);
        assertEquals("{\"orders\":{\"0\":12}}", ingestOffsets().toJson(), "the late answer was never committed");
    }

    @Test
    void aNewCoordinatorMidCycleIgnoresTheOldCycleAndTheLakeNeverGoesBack() {
        Coordinator old = coordinator(1, 0);
        old.tick(INTERVAL);
        String oldCycle = lastCycle();
        old.resign();                                            // leadership moved mid-cycle
        Coordinator next = coordinator(1, INTERVAL + 100);
        next.onDataWritten(answer(oldCycle, 0, batch(P0, -1, 10), file(P0, 0)));
        next.tick(2 * INTERVAL + 100);
        String newCycle = lastCycle();
        assertTrue(!newCycle.equals(oldCycle));
        next.onDataWritten(answer(newCycle, 0, batch(P0, -1, 7), file(P0, 0)));
        next.tick(2 * INTERVAL + 110);
        assertEquals("{\"orders\":{\"0\":7}}", ingestOffsets().toJson(), "only the new cycle's answer is committed");
        // the old coordinator, unaware, finishes its cycle with a stale answer: the lake refuses to go back
        old.onDataWritten(answer(oldCycle, 0, batch(P0, -1, 5), file(P0, 100)));
        old.tick(INTERVAL + TIMEOUT);
        assertEquals("{\"orders\":{\"0\":7}}", ingestOffsets().toJson());
        assertEquals(List.of(true, false, true), listener.roles);
    }

    @Test
    void aStartKafkaDidNotTakeEndsByTimeoutAndTheNextCycleStartsWhenKafkaIsBack() {
        Coordinator c = coordinator(1, 0);
        topic.failNextSends(1);
        assertThrows(ControlTopicUnavailableException.class, () -> c.tick(INTERVAL));
        c.tick(INTERVAL + TIMEOUT);                      // nobody heard the start: nothing to commit
        assertEquals(1, topic.events(CommitComplete.class).size());
        assertNull(topic.events(CommitComplete.class).get(0).commitId());
        c.tick(2 * INTERVAL + TIMEOUT);
        String cycle = lastCycle();
        c.onDataWritten(answer(cycle, 0, batch(P0, -1, 3), file(P0, 0)));
        c.tick(2 * INTERVAL + TIMEOUT + 1);
        assertEquals("{\"orders\":{\"0\":3}}", ingestOffsets().toJson());
    }

    @Test
    void aCommitIsPublishedEvenWhenKafkaLosesItsAnnouncement() {
        Coordinator c = coordinator(1, 0);
        c.tick(INTERVAL);
        c.onDataWritten(answer(lastCycle(), 0, batch(P0, -1, 3), file(P0, 0)));
        topic.failNextSends(1);
        assertThrows(ControlTopicUnavailableException.class, () -> c.tick(INTERVAL + 1));
        assertEquals("{\"orders\":{\"0\":3}}", ingestOffsets().toJson(), "the commit is in the lake");
        assertEquals(2, publishRequests.get(), "and publishing was asked for");
        assertEquals(1, listener.finished.get());
    }

    private static PartitionBatch batch(TopicPartition tp, long start, long next) {
        return new PartitionBatch(tp.topic(), tp.partition(), start, next, next - Math.max(0, start));
    }

    private DataFile file(TopicPartition tp, long firstOffset) {
        String path = "topics/" + tp.topic() + "/partition=" + tp.partition() + "/" + tp.topic() + "+" + tp.partition()
                + "+" + firstOffset + ".parquet";
        PhysicalAddress address = lake.getPhysicalAddress(REPO, "ingest", path);
        UploadedObject u = lake.writePhysical(REPO, address, LakeFixture.stream("bytes of " + path));
        return new DataFile(path, u.physicalAddress(), u.sizeBytes(), u.checksum(), tp.topic(), tp.partition(), 1,
                1_700_000_000_000L);
    }

    private static DataWritten answer(String cycle, int task, PartitionBatch batch, DataFile file) {
        return DataWritten.of(CONNECTOR, cycle, task, List.of(batch), List.of(file));
    }

    private static final class RecordingListener implements CommitCycleListener {
        final List<Boolean> roles = new ArrayList<>();
        final List<String> commits = new ArrayList<>();
        final AtomicInteger finished = new AtomicInteger();

        @Override
        public void coordinator(boolean isCoordinator) {
            roles.add(isCoordinator);
        }

        @Override
        public void ingestCommitted(String commitId, OffsetMap offsets, long files, long records) {
            commits.add("committed " + records);
        }

        @Override
        public void commitCycleFailed() {
        }

        @Override
        public void cycleFinished(long millis) {
            finished.incrementAndGet();
        }
    }
}
