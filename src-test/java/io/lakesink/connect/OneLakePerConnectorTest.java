package io.lakesink.connect;

import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector hands its embedded lake's id to its tasks, and a task whose lake directory does not hold that lake
 * (another machine of the Connect cluster: no lake there, or one of its own) fails at start, before it writes
 * anything, recommending lakeFS or a single worker. Real connector, real task, real embedded lakes; the task fails
 * before it reaches Kafka, so no broker is needed. Another machine is played by another directory: the task's
 * config names it where the connector's names the first.
 */
class OneLakePerConnectorTest {
    @TempDir
    Path dir;

    private Map<String, String> config(Path lake) {
        Map<String, String> c = new HashMap<>();
        c.put("name", "orders-lakesink");
        c.put("connector.class", LakeSinkConnector.class.getName());
        c.put("topics", "orders");
        c.put("lake.embedded.path", lake.toString());
        c.put("lake.repository", "events");
        c.put("kafka.bootstrap.servers", "127.0.0.1:9");
        return c;
    }

    private List<Map<String, String>> startConnector(Path lake) {
        LakeSinkConnector connector = new LakeSinkConnector();
        connector.start(config(lake));
        return connector.taskConfigs(2);
    }

    @Test
    void aFirstStartCreatesTheLakeAndEveryTaskOpensThatLake() {
        Path lakeDir = dir.resolve("lake");
        List<Map<String, String>> tasks = startConnector(lakeDir);
        String id;
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            id = lake.lakeId();
        }
        for (Map<String, String> task : tasks) {
            assertEquals(id, task.get(OneLakePerConnector.LAKE_ID));
            try (EmbeddedLake opened = OneLakePerConnector.openForTask(
                    new io.lakesink.connect.config.LakeSinkConfig(task), task)) {
                assertEquals(id, opened.lakeId());
            }
        }
        assertEquals(tasks, startConnector(lakeDir), "a restarted connector hands out the same task configs");
    }

    @Test
    void aTaskOnAMachineWithoutTheLakeFailsAtStartRecommendingLakeFsAndCreatesNothing() {
        Map<String, String> task = new HashMap<>(startConnector(dir.resolve("lake")).get(1));
        Path elsewhere = dir.resolve("other-machine");
        task.put("lake.embedded.path", elsewhere.toString());

        ConnectException e = assertThrows(ConnectException.class, () -> new LakeSinkTask().start(task));
        assertTrue(e.getMessage().startsWith("task 1 of connector 'orders-lakesink' runs on host "), e.getMessage());
        assertTrue(e.getMessage().contains("where lake.embedded.path " + elsewhere + " holds no lake, but the"
                + " connector opened its lake at that path on host "), e.getMessage());
        assertTrue(e.getMessage().contains("For a Connect cluster of several machines use lake.backend=lakefs;"
                + " otherwise run this connector on a single worker."), e.getMessage());
        assertFalse(Files.exists(elsewhere.resolve("lake.db")), "the task made a lake of its own");
    }

    @Test
    void aTaskWhoseDirectoryHoldsAnotherLakeFailsAtStart() {
        Map<String, String> task = new HashMap<>(startConnector(dir.resolve("lake")).get(0));
        Path elsewhere = dir.resolve("other-machine");
        String other;
        try (EmbeddedLake local = EmbeddedLake.open(elsewhere)) {
            other = local.lakeId();
        }
        task.put("lake.embedded.path", elsewhere.toString());

        ConnectException e = assertThrows(ConnectException.class, () -> new LakeSinkTask().start(task));
        assertTrue(e.getMessage().contains("holds another lake (lake id " + other + ") than the connector's: the"
                + " connector opened its lake at that path on host "), e.getMessage());
        assertTrue(e.getMessage().contains("(lake id " + task.get(OneLakePerConnector.LAKE_ID) + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("use lake.backend=lakefs"), e.getMessage());
        assertTrue(e.getMessage().contains("restart the connector"), e.getMessage());
    }

    /** Tasks configured by a connector from before lake ids (a rolling upgrade) open and create the lake as before. */
    @Test
    void aTaskConfigWithoutALakeIdOpensItsLakeAsBefore() {
        Path lakeDir = dir.resolve("lake");
        Map<String, String> task = config(lakeDir);
        try (EmbeddedLake lake = OneLakePerConnector.openForTask(new io.lakesink.connect.config.LakeSinkConfig(task),
                task)) {
            assertFalse(lake.lakeId().isEmpty());
        }
        assertTrue(Files.exists(lakeDir.resolve("lake.db")));
    }

    @Test
    void aLakeKeepsItsIdAcrossOpensAndAnotherLakeHasAnother() {
        String first;
        try (EmbeddedLake lake = EmbeddedLake.open(dir.resolve("a"))) {
            first = lake.lakeId();
        }
        try (EmbeddedLake again = EmbeddedLake.open(dir.resolve("a"));
             EmbeddedLake other = EmbeddedLake.open(dir.resolve("b"))) {
            assertEquals(first, again.lakeId());
            assertFalse(first.equals(other.lakeId()));
        }
    }
}
