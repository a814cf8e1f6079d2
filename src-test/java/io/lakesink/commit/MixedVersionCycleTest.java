package io.lakesink.commit;

import com.fasterxml.jackson.databind.node.TextNode;
import io.lakesink.commit.event.CommitComplete;
import io.lakesink.commit.event.ControlEvent;
import io.lakesink.commit.event.ControlEventCodec;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.StartCommit;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A commit cycle in the middle of a rolling upgrade: one task still writes events as before versioning, another
 * already speaks a newer protocol with fields this build does not know. Their answers go through the codec as the
 * control channel reads them, into the coordinator's commit step on a real embedded lake.
 */
class MixedVersionCycleTest {
    private static final String REPO = "events";

    @TempDir
    Path dir;
    private EmbeddedLake lake;
    private IngestCommitter committer;
    private LakeFixture fx;

    @BeforeEach
    void setUp() {
        lake = EmbeddedLake.open(dir);
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
        committer = IngestCommitterTest.committer(lake, "orders-sink");
        fx = new LakeFixture(lake, REPO);
    }

    @AfterEach
    void tearDown() {
        lake.close();
    }

    @Test
    void anOldFormatAndANewFormatTaskAreCommittedInOneCycleAndBothCanReadItsEnd() {
        StartCommit start = (StartCommit) read(ControlEventCodec.encode(StartCommit.of("orders-sink", "cycle-1")));

        String oldTask = "{\"type\":\"data-written\",\"connector\":\"orders-sink\",\"cycleId\":\"" + start.cycleId()
                + "\",\"taskId\":0,\"batches\":[{\"topic\":\"orders\",\"partition\":0,\"startOffset\":-1,"
                + "\"nextOffset\":10,\"records\":10}],\"files\":[" + fileJson(0, "") + "]}";
        String newTask = "{\"type\":\"data-written\",\"version\":2,\"connector\":\"orders-sink\",\"cycleId\":\""
                + start.cycleId() + "\",\"taskId\":1,\"owner\":{\"token\":\"t-1\"},\"batches\":[{\"topic\":\"orders\","
                + "\"partition\":1,\"startOffset\":-1,\"nextOffset\":7,\"records\":7,\"bytes\":70}],\"files\":["
                + fileJson(1, ",\"codec\":\"zstd\"") + "]}";
        DataWritten fromOld = (DataWritten) read(oldTask.getBytes(StandardCharsets.UTF_8));
        DataWritten fromNew = (DataWritten) read(newTask.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(0, 2), List.of(fromOld.version(), fromNew.version()));

        IngestCommitter.Result result = committer.commit(start.cycleId(), List.of(fromOld, fromNew));
        Commit c = result.commit();
        assertEquals("{\"orders\":{\"0\":10,\"1\":7}}", c.metadata().get(CommitMetadata.KAFKA_OFFSETS));
        assertEquals("17", c.metadata().get(CommitMetadata.RECORDS));
        assertEquals(List.of("topics/orders/partition=0/orders+0+0.parquet",
                "topics/orders/partition=1/orders+1+0.parquet"), fx.paths("ingest", "topics/"));

        byte[] end = ControlEventCodec.encode(CommitComplete.of("orders-sink", start.cycleId(), c.id(),
                result.offsets().toJson(), java.util.Map.of()));
        // what this build writes carries no field a task from before versioning would refuse
        assertEquals(-1, new String(end, StandardCharsets.UTF_8).indexOf("\"version\""));
        CommitComplete complete = (CommitComplete) read(end);
        assertEquals(result.offsets(), OffsetMap.parse(complete.offsetsJson()));
    }

    private static ControlEvent read(byte[] json) {
        return ControlEventCodec.decode(json).orElseThrow();
    }

    /** An uploaded file of offsets 0.. of one partition, as a task describes it, plus any newer fields. */
    private String fileJson(int partition, String newerFields) {
        String path = "topics/orders/partition=" + partition + "/orders+" + partition + "+0.parquet";
        PhysicalAddress address = lake.getPhysicalAddress(REPO, "ingest", path);
        UploadedObject u = lake.writePhysical(REPO, address, LakeFixture.stream("parquet bytes of " + path));
        return "{\"path\":" + quoted(path) + ",\"physicalAddress\":" + quoted(u.physicalAddress()) + ",\"sizeBytes\":"
                + u.sizeBytes() + ",\"checksum\":" + quoted(u.checksum()) + ",\"topic\":\"orders\",\"partition\":"
                + partition + ",\"records\":1,\"maxTimestamp\":1700000000000" + newerFields + "}";
    }

    private static String quoted(String s) {
        return new TextNode(s).toString();
    }
}
