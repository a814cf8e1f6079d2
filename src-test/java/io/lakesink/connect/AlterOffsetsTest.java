package io.lakesink.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.embedded.EmbeddedLake;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector's answer to Connect's offsets API (what a PATCH or DELETE of /connectors/{name}/offsets calls),
 * against a real embedded lake whose ingest head records {@code orders} partition 0 at 50 and 1 at 30.
 */
class AlterOffsetsTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private static final TopicPartition P2 = new TopicPartition("orders", 2);

    @TempDir
    Path dir;

    @Test
    void offsetsEqualToTheIngestHeadAreAcceptedAllOrSome() throws Exception {
        Map<String, String> config = lakeWithOffsets();
        assertTrue(new LakeSinkConnector().alterOffsets(config, Map.of(P0, 50L, P1, 30L)));
        assertTrue(new LakeSinkConnector().alterOffsets(config, Map.of(P1, 30L)), "a PATCH of some partitions");
    }

    @Test
    void removingTheOffsetOfAPartitionTheLakeHoldsNothingOfIsAccepted() throws Exception {
        // what a rollback to before a partition's first commit sends
        Map<TopicPartition, Long> rollback = new HashMap<>();
        rollback.put(P0, 50L);
        rollback.put(P2, null);
        assertTrue(new LakeSinkConnector().alterOffsets(lakeWithOffsets(), rollback));
    }

    @Test
    void anyOtherOffsetIsRefusedNamingThePartitionBothOffsetsAndTheRollbackCommand() throws Exception {
        ConnectException e = assertThrows(ConnectException.class,
                () -> new LakeSinkConnector().alterOffsets(lakeWithOffsets(), Map.of(P0, 50L, P1, 10L)));
        assertTrue(e.getMessage().contains("orders:1 is at offset 30 in the lake, the request sets offset 10"),
                e.getMessage());
        assertFalse(e.getMessage().contains("orders:0"), "partitions that agree are not named: " + e.getMessage());
        assertTrue(e.getMessage().contains("`lakesink rollback`"), e.getMessage());
        assertTrue(e.getMessage().contains("connector 'orders-lakesink'"), e.getMessage());
        assertTrue(e.getMessage().contains("ingest branch 'ingest' of repository 'events'"), e.getMessage());
    }

    @Test
    void anOffsetForAPartitionTheLakeDoesNotKnowIsRefused() throws Exception {
        ConnectException e = assertThrows(ConnectException.class,
                () -> new LakeSinkConnector().alterOffsets(lakeWithOffsets(), Map.of(P2, 5L)));
        assertTrue(e.getMessage().contains("orders:2 has no offset in the lake (nothing of it committed yet), the"
                + " request sets offset 5"), e.getMessage());
    }

    @Test
    void everyResetIsRefused() throws Exception {
        Map<String, String> config = lakeWithOffsets();
        Map<TopicPartition, Long> delete = new HashMap<>();
        delete.put(P0, null);
        delete.put(P1, null);
        ConnectException e = assertThrows(ConnectException.class,
                () -> new LakeSinkConnector().alterOffsets(config, delete));
        assertTrue(e.getMessage().contains("orders:0 is at offset 50 in the lake, the request removes its offset"),
                e.getMessage());
        assertTrue(e.getMessage().contains("orders:1 is at offset 30"), e.getMessage());
        ConnectException empty = assertThrows(ConnectException.class,
                () -> new LakeSinkConnector().alterOffsets(config, Map.of()));
        assertTrue(empty.getMessage().contains("a reset would not make the connector read anything again: it resumes"
                + " from the lake's offsets orders[0:50 1:30]"), empty.getMessage());
    }

    @Test
    void withoutALakeOnlyRemovalsAgreeAndTheLakeIsNotCreated() throws Exception {
        Path none = dir.resolve("no-lake-here");
        Map<String, String> config = config(none);
        Map<TopicPartition, Long> delete = new HashMap<>();
        delete.put(P0, null);
        assertTrue(new LakeSinkConnector().alterOffsets(config, delete));
        assertThrows(ConnectException.class, () -> new LakeSinkConnector().alterOffsets(config, Map.of(P0, 1L)));
        assertFalse(Files.exists(none), "looking created nothing");
    }

    @Test
    void anUnreachableLakeRefusesSayingSo() throws Exception {
        Map<String, String> config = config(dir);
        config.put("lake.backend", "lakefs");
        config.put("lakefs.endpoint", "http://127.0.0.1:9/api/v1");
        config.put("lakefs.access.key.id", "AKIAIOSFOLQUICKSTART");
        config.put("lakefs.secret.access.key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        config.put("lakefs.storage.namespace", "local://lakesink");
        config.put("lakefs.retry.max.attempts", "1");
        config.put("lakefs.connect.timeout.ms", "2000");
        ConnectException e = assertThrows(ConnectException.class,
                () -> new LakeSinkConnector().alterOffsets(config, Map.of(P0, 50L)));
        assertTrue(e.getMessage().startsWith("cannot read where ingestion stands from ingest branch 'ingest' of"
                + " repository 'events'"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
    }

    /** An embedded lake whose ingest head records orders:0 at 50 and orders:1 at 30; the connector's config. */
    private Map<String, String> lakeWithOffsets() throws Exception {
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("events", "main");
            lake.createBranch("events", "ingest", "main");
            lake.commit("events", "ingest", CommitRequest.of("cycle", Map.of(CommitMetadata.KAFKA_OFFSETS,
                    "{\"orders\":{\"0\":50,\"1\":30}}")).allowingEmpty());
        }
        return config(dir);
    }

    private static Map<String, String> config(Path lake) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> posted = json.readValue(Path.of("config-examples", "embedded-sink.json").toFile(),
                new TypeReference<>() { });
        Map<String, String> c = new HashMap<>(json.convertValue(posted.get("config"),
                new TypeReference<Map<String, String>>() { }));
        c.put("name", (String) posted.get("name"));
        c.put("lake.embedded.path", lake.toString());
        return c;
    }
}
