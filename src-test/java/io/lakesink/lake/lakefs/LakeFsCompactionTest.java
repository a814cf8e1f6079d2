package io.lakesink.lake.lakefs;

import io.lakesink.compact.CompactionTest;
import io.lakesink.lake.VersionedLake;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compaction on the lakeFS backend, through the spec-checking test server. */
class LakeFsCompactionTest extends CompactionTest {
    private LakeFsTestServer server;

    @Override
    protected VersionedLake openLake(Path dir) {
        server = LakeFsTestServer.start(dir.resolve("server"), LakeFsLakeConformanceTest.KEY,
                LakeFsLakeConformanceTest.SECRET, false);
        return LakeFsLake.open(LakeFsSettings.of(server.endpoint(), LakeFsLakeConformanceTest.KEY,
                LakeFsLakeConformanceTest.SECRET).withLocalBlockstoreRoot(server.blockstoreRoot()));
    }

    @AfterEach
    void noRequestBrokeTheLakeFsApi() {
        List<String> violations = server.violations();
        server.close();
        assertEquals(List.of(), violations);
    }
}
