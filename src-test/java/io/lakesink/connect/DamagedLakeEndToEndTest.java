package io.lakesink.connect;

import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task on a damaged embedded lake fails at once with the reason in Connect's task trace, instead of retrying
 * forever (a corrupt lake.db), creating a new history over old data (a lost lake.db) or hiding in a start that
 * never ends (a path that cannot be created). A real broker and worker; the lakes damaged as an accident would.
 */
class DamagedLakeEndToEndTest {
    /** Well below the 120 s a task retries an unavailable lake at start: "at once" means not retried. */
    private static final long FAILS_WITHIN_MS = 45_000;
    private static EmbeddedConnectCluster connect;
    private static Path root;

    @BeforeAll
    static void startCluster() throws Exception {
        root = Files.createTempDirectory("lakesink-damage");
        connect = TestClusters.connect("lakesink-damage", 1, Map.of());
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        if (connect != null) {
            connect.stop();
        }
    }

    private static Map<String, String> sinkConfig(String topic, Path lake) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", LakeSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("lake.embedded.path", lake.toString());
        c.put("lake.repository", "events");
        c.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("commit.interval.ms", "1000");
        c.put("commit.timeout.ms", "5000");
        return c;
    }

    /** Waits for the connector's task to be FAILED with {@code reason} in its trace. */
    private static void awaitTaskFailure(String connector, String reason) throws InterruptedException {
        TestUtils.waitForCondition(() -> {
            ConnectorStateInfo status = connect.connectorStatus(connector);
            return status.tasks().stream().anyMatch(t -> AbstractStatus.State.FAILED.toString().equals(t.state())
                    && t.trace() != null && t.trace().contains(reason));
        }, FAILS_WITHIN_MS, () -> connector + "'s task did not fail with '" + reason + "': "
                + connect.connectorStatus(connector).tasks());
    }

    private static void produce(String topic, int count) {
        for (int i = 0; i < count; i++) {
            connect.kafka().produce(topic, 0, "k" + i, "{\"id\":" + i + "}");
        }
    }

    @Test
    void aCorruptDatabaseFailsTheTaskInsteadOfRetryingEveryCycle() throws Exception {
        Path lake = root.resolve("corrupt");
        try (EmbeddedLake l = EmbeddedLake.open(lake)) {
            l.createRepository("events", "main");
            l.createBranch("events", "ingest", "main");
        }
        overwriteRootPageOf(lake.resolve("lake.db"), "meta_ranges");
        String topic = "corrupt";
        connect.kafka().createTopic(topic, 1);
        produce(topic, 10);
        connect.configureConnector("corrupt-sink", sinkConfig(topic, lake));
        try {
            awaitTaskFailure("corrupt-sink", "SQLITE_CORRUPT");
        } finally {
            connect.deleteConnector("corrupt-sink");
        }
    }

    @Test
    void aLostDatabaseFailsTheTaskInsteadOfStartingANewHistory() throws Exception {
        Path lake = root.resolve("lost");
        try (EmbeddedLake l = EmbeddedLake.open(lake)) {
            l.createRepository("events", "main");
            l.putObject("events", "main", "topics/t/old.parquet", new ByteArrayInputStream(
                    "old data".getBytes(StandardCharsets.UTF_8)), null);
            l.commit("events", "main", CommitRequest.of("history"));
        }
        Files.delete(lake.resolve("lake.db"));
        String topic = "lost";
        connect.kafka().createTopic(topic, 1);
        connect.configureConnector("lost-sink", sinkConfig(topic, lake));
        try {
            awaitTaskFailure("lost-sink", "lake.db is missing");
            assertFalse(Files.exists(lake.resolve("lake.db")), "a new database was created over the old objects");
        } finally {
            connect.deleteConnector("lost-sink");
        }
    }

    @Test
    void damagedBytesOfACommitAwaitingItsChecksFailTheTaskInsteadOfBeingJudgedOrQuarantined() throws Exception {
        Path lake = root.resolve("damaged-bytes");
        String topic = "damaged";
        String path = "topics/" + topic + "/partition=0/" + topic + "+0+0.parquet";
        try (EmbeddedLake l = EmbeddedLake.open(lake)) {
            l.createRepository("events", "main");
            l.createBranch("events", "ingest", "main");
            io.lakesink.lake.ObjectStats o = l.putObject("events", "ingest", path, new ByteArrayInputStream(
                    "PAR1 rows the checks have not seen yet PAR1".getBytes(StandardCharsets.UTF_8)), null);
            l.commit("events", "ingest", CommitRequest.of("not yet checked",
                    Map.of("kafka.offsets", "{\"" + topic + "\":{\"0\":1}}")));
            Files.writeString(Path.of(java.net.URI.create(o.physicalAddress())),
                    "PAR1 rows the checks have NOT seen yet PAR1");
        }
        connect.kafka().createTopic(topic, 1);
        Map<String, String> config = sinkConfig(topic, lake);
        config.put("checks", "rows");
        config.put("checks.rows.type", "row-count");
        config.put("checks.on.failure", "quarantine");
        connect.configureConnector("damaged-sink", config);
        try {
            awaitTaskFailure("damaged-sink", "'" + path + "' at ref");
            try (EmbeddedLake l = EmbeddedLake.open(lake)) {
                assertTrue(io.lakesink.lake.Pages.all(p -> l.listBranches("events", p)).stream()
                        .noneMatch(b -> b.name().startsWith("quarantine")), "damaged data was judged and quarantined");
                assertTrue(l.getCommit("events", "main").parents().isEmpty(), "damaged data reached main");
            }
        } finally {
            connect.deleteConnector("damaged-sink");
        }
    }

    @Test
    void aLakePathThatCannotBeCreatedFailsTheTaskAtOnce() throws Exception {
        // passes validate (its parent is writable) but no file system takes a 300-character name
        Path lake = root.resolve("x".repeat(300));
        String topic = "uncreatable";
        connect.kafka().createTopic(topic, 1);
        connect.configureConnector("uncreatable-sink", sinkConfig(topic, lake));
        try {
            awaitTaskFailure("uncreatable-sink", "cannot create the embedded lake directory");
        } finally {
            connect.deleteConnector("uncreatable-sink");
        }
    }

    /** Garbage over the root page of one table, as a torn write or a bad disk leaves it; the file stays a database. */
    private static void overwriteRootPageOf(Path db, String table) throws Exception {
        long page;
        long pageSize;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = '" + table + "'")) {
                assertTrue(rs.next(), "no table " + table);
                page = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getLong(1);
            }
        }
        assertFalse(Files.exists(db.resolveSibling("lake.db-wal")) && Files.size(db.resolveSibling("lake.db-wal")) > 0,
                "the lake's last changes are still in its WAL, not in the page to damage");
        byte[] garbage = new byte[(int) pageSize];
        Arrays.fill(garbage, (byte) 0x7f);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek((page - 1) * pageSize);
            f.write(garbage);
        }
    }
}
