package io.lakesink.connect;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers first: while records stream in and the connector compacts main's small files, a reader keeps reading
 * main with DuckDB. At every main commit it sees, the rows are exactly the offsets the commit records (never fewer,
 * never more, each offset once), and the count never goes backwards.
 */
class CompactionEndToEndTest {
    private static final String TOPIC = "clicks";
    private static final String REPO = "clicks-lake";
    private static final int RECORDS = 3_000;
    private static EmbeddedConnectCluster connect;
    private static Path lakeDir;

    @BeforeAll
    static void startCluster() throws Exception {
        lakeDir = Files.createTempDirectory("lakesink-compaction-e2e");
        connect = TestClusters.connect("lakesink-compaction-e2e", 1, Map.of());
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        if (connect != null) {
            connect.stop();
        }
    }

    /** What the reader saw at one main commit. */
    private record Seen(String commit, long offsets, long rows, long distinctOffsets, boolean compacted) {
    }

    @Test
    void aReaderOfMainNeverSeesARowLostOrDoubledWhileIngestionAndCompactionRun() throws Exception {
        connect.kafka().createTopic(TOPIC, 2);
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", LakeSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", TOPIC);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("lake.embedded.path", lakeDir.toString());
        c.put("lake.repository", REPO);
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("commit.interval.ms", "1000");
        c.put("commit.timeout.ms", "5000");
        c.put("compaction.interval.ms", "1000");
        c.put("compaction.min.small.files", "3");
        connect.configureConnector("clicks-sink", c);
        connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning("clicks-sink", 1, "did not start");

        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Throwable> producerFailed = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < RECORDS; i++) {
                    connect.kafka().produce(TOPIC, i % 2, "k" + i, "{\"id\":" + i + ",\"n\":" + (i % 7) + "}");
                    if (i % 100 == 99) {
                        Thread.sleep(200); // a trickle: many small commits, as streams make them
                    }
                }
            } catch (Throwable t) {
                producerFailed.set(t);
            } finally {
                producing.set(false);
            }
        }, "clicks-producer");
        producer.start();

        List<Seen> seen = new ArrayList<>();
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            TestUtils.waitForCondition(() -> {
                try {
                    lake.getCommit(REPO, "main");
                    return true;
                } catch (RuntimeException notYet) {
                    return false;
                }
            }, 60_000, "the connector never created its repository");
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                Seen s = read(lake);
                if (s != null && (seen.isEmpty() || !seen.get(seen.size() - 1).commit().equals(s.commit()))) {
                    seen.add(s);
                }
                if (!producing.get() && s != null && s.offsets() == RECORDS
                        && seen.stream().anyMatch(Seen::compacted)) {
                    break;
                }
            }
        } finally {
            producer.join();
        }
        assertEquals(null, producerFailed.get());
        long last = -1;
        for (Seen s : seen) {
            assertEquals(s.offsets(), s.rows(), "main at " + s.commit() + " holds exactly its offsets: " + s);
            assertEquals(s.rows(), s.distinctOffsets(), "every offset once at " + s.commit());
            assertTrue(s.rows() >= last, "the row count never goes backwards: " + s);
            last = s.rows();
        }
        assertTrue(seen.get(seen.size() - 1).compacted(), "the reader read main after compactions were published: "
                + seen.size() + " main commits seen");
        assertTrue(seen.stream().filter(Seen::compacted).count() >= 2, "reads after a compaction, while ingestion"
                + " went on: " + seen);
        assertEquals(RECORDS, last, "everything arrived");
        assertTrue(seen.size() >= 5, "the reader followed main through many commits, saw " + seen.size());
    }

    /** Reads main at its head commit: the commit's offsets, and the rows and distinct offsets of its files. */
    private static Seen read(EmbeddedLake lake) throws Exception {
        Commit head = lake.getCommit(REPO, "main");
        if (!head.metadata().containsKey(CommitMetadata.KAFKA_OFFSETS)) {
            return null;
        }
        long offsets = CommitMetadata.offsetsOf(head).asMap().values().stream().mapToLong(Long::longValue).sum();
        List<String> files = LakeRows.files(lake, REPO, head.id(), "topics/");
        long rows = 0;
        long distinct = 0;
        if (!files.isEmpty()) {
            Map<String, Object> r = LakeRows.query(files, "SELECT count(*) AS n,"
                    + " count(DISTINCT (_kafka_partition, _kafka_offset)) AS d FROM rows").get(0);
            rows = ((Number) r.get("n")).longValue();
            distinct = ((Number) r.get("d")).longValue();
        }
        // main's history holds the ingest commits it merged: a compaction among them was published
        boolean compacted = LakeFixture.all(p -> lake.log(REPO, head.id(), p)).stream()
                .anyMatch(x -> x.metadata().containsKey(CommitMetadata.COMPACTION));
        return new Seen(head.id(), offsets, rows, distinct, compacted);
    }
}
