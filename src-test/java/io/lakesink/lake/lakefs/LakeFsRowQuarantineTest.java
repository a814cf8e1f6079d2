package io.lakesink.lake.lakefs;

import io.lakesink.lake.VersionedLake;
import io.lakesink.quarantine.RowQuarantineTest;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Row-level quarantine, release and drop on the lakeFS backend, through the spec-checking test server. */
class LakeFsRowQuarantineTest extends RowQuarantineTest {
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
