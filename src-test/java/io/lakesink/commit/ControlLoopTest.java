package io.lakesink.commit;

import io.lakesink.commit.event.CommitComplete;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.StartCommit;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import io.lakesink.write.DefaultPartitioner;
import io.lakesink.write.ObjectPaths;
import io.lakesink.write.Rotation;
import io.lakesink.write.TaskWriters;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task's control thread on its own: a control topic in memory, leadership given by the test. */
class ControlLoopTest {
    private static final String REPO = "events";
    private static final String CONNECTOR = "orders-sink";

    @TempDir
    Path dir;
    private EmbeddedLake lake;
    private TaskWriters writers;
    private final InMemoryControlTopic topic = new InMemoryControlTopic();
    private final AtomicBoolean leads = new AtomicBoolean();
    private final AtomicInteger coordinators = new AtomicInteger();
    private InMemoryControlTopic.Channel channel;
    private ControlLoop loop;

    @BeforeEach
    void setUp() throws Exception {
        lake = EmbeddedLake.open(dir.resolve("lake"));
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
        writers = new TaskWriters(Files.createDirectories(dir.resolve("work")), new RecordConverter(RowLayout.DEFAULT),
                new DefaultPartitioner(), new ObjectPaths("topics"), ParquetSettings.DEFAULT,
                Rotation.DEFAULT.withFlushSize(1000).withMaxOpenFiles(10));
        channel = topic.channel();
        CommitParticipant participant = new CommitParticipant(CONNECTOR, 0, writers,
                new FileUploader(lake, REPO, "ingest"), channel);
        loop = new ControlLoop("test-control", channel, participant, now -> {
            coordinators.incrementAndGet();
            return new Coordinator(CONNECTOR, 1, 200, 2_000,
                    IngestCommitterTest.committer(lake, CONNECTOR),
                    new UnlinkedFileCollector(lake, REPO, Duration.ofHours(1)), channel, () -> { }, 0,
                    CommitCycleListener.NONE, 10, now);
        }, leads::get);
    }

    @AfterEach
    void tearDown() {
        loop.stop();
        writers.close();
        lake.close();
    }

    @Test
    void theLoopCoordinatesOnlyWhileTheTaskLeadsAndAnswersEveryCycle() throws Exception {
        loop.start();
        Thread.sleep(300);
        assertEquals(0, coordinators.get(), "no coordinator without leadership");
        assertEquals(0, topic.events(StartCommit.class).size());
        leads.set(true);
        loop.assignmentChanged();
        TestUtils.waitForCondition(() -> topic.events(CommitComplete.class).size() >= 2, 10_000,
                "cycles never completed");
        assertEquals(1, coordinators.get());
        assertTrue(topic.events(DataWritten.class).size() >= 2, "the task answers each cycle, even with nothing");
        leads.set(false);
        loop.assignmentChanged();
        TestUtils.waitForCondition(() -> {
            int starts = topic.events(StartCommit.class).size();
            Thread.sleep(600);                       // three intervals: a coordinator would have started a cycle
            return topic.events(StartCommit.class).size() == starts;
        }, 10_000, "cycles went on after leadership moved away");
        assertNull(loop.failure());
    }

    @Test
    void kafkaBeingAwayIsAWaitNotAFailure() throws Exception {
        leads.set(true);
        topic.failNextSends(5);
        loop.start();
        TestUtils.waitForCondition(() -> !topic.events(CommitComplete.class).isEmpty(), 20_000,
                "the loop never completed a cycle once Kafka took events again");
        assertNull(loop.failure(), "sends Kafka did not take do not stop the loop");
    }

    @Test
    void stopEndsTheLoopWithinSecondsWhileASendHangsAndTheLoopClosesItsChannel() throws Exception {
        leads.set(true);
        topic.hangSends();
        loop.start();
        Thread.sleep(500);                          // the coordinator's first start is now stuck in send
        long before = System.nanoTime();
        loop.stop();
        long millis = (System.nanoTime() - before) / 1_000_000;
        assertTrue(millis < 4_000, "stop took " + millis + " ms");
        TestUtils.waitForCondition(channel::closed, 5_000, "the loop did not close its channel");
        assertNull(loop.failure());
    }
}
