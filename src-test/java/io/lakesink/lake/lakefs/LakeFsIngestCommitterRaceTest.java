package io.lakesink.lake.lakefs;

import io.lakesink.commit.IngestCommitterRaceTest;
import io.lakesink.lake.VersionedLake;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.util.List;

import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.KEY;
import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The committer race on lakeFS (the test server): the other writer's commit reaches the server after the client
 * checked the head and before its own commit request, so lakeFS commits on top of it, which has no compare-and-set.
 */
class LakeFsIngestCommitterRaceTest extends IngestCommitterRaceTest {
    private LakeFsTestServer server;

    @Override
    protected VersionedLake openLake(Path dir) {
        server = LakeFsTestServer.start(dir.resolve("server"), KEY, SECRET, false);
        return LakeFsLake.open(LakeFsSettings.of(server.endpoint(), KEY, SECRET)
                .withLocalBlockstoreRoot(server.blockstoreRoot()));
    }

    @Override
    protected VersionedLake racing(VersionedLake lake, Runnable otherWriter) {
        server.faults().runBeforeNext("POST", "^/repositories/" + REPO + "/branches/ingest/commits$", otherWriter);
        return lake;
    }

    @AfterEach
    void noRequestBrokeTheLakeFsApi() {
        List<String> violations = server.violations();
        server.close();
        assertEquals(List.of(), violations);
    }
}
