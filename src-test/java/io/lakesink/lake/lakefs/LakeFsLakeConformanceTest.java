package io.lakesink.lake.lakefs;

import io.lakesink.lake.VersionedLake;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The conformance suite on {@link LakeFsLake}, talking HTTP to {@link LakeFsTestServer} (lakeFS's API over an
 * embedded lake). After each test, no request may have broken the lakeFS API.
 */
class LakeFsLakeConformanceTest extends LakeFsConformanceTest {
    static final String KEY = "AKIAIOSFOLQUICKSTART";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private LakeFsTestServer server;

    @Override
    protected VersionedLake openLake(Path dir) {
        server = LakeFsTestServer.start(dir.resolve("server"), KEY, SECRET, false);
        return LakeFsLake.open(LakeFsSettings.of(server.endpoint(), KEY, SECRET)
                .withLocalBlockstoreRoot(server.blockstoreRoot()));
    }

    @Override
    protected boolean tracksUnlinkedPhysicalAddresses() {
        return false;
    }

    @AfterEach
    void noRequestBrokeTheLakeFsApi() {
        List<String> violations = server.violations();
        server.close();
        assertEquals(List.of(), violations);
    }
}
