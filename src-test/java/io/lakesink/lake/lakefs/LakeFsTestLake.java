package io.lakesink.lake.lakefs;

import io.lakesink.lake.VersionedLake;

import java.nio.file.Path;
import java.util.List;

/**
 * A lakeFS-backed {@link VersionedLake} on an in-JVM {@link LakeFsTestServer}, for code outside this package
 * (benchmarks): {@link #lake()} talks lakeFS's REST API as the connector does; {@link #backing()} is the server's own
 * embedded lake, the same repositories without HTTP, to build large fixtures quickly.
 */
public final class LakeFsTestLake implements AutoCloseable {
    private static final String KEY = LakeFsLakeConformanceTest.KEY;
    private static final String SECRET = LakeFsLakeConformanceTest.SECRET;

    private final LakeFsTestServer server;
    private final VersionedLake lake;

    private LakeFsTestLake(LakeFsTestServer server, VersionedLake lake) {
        this.server = server;
        this.lake = lake;
    }

    /** A server over a new embedded lake in {@code dir}, and a lakeFS client of it. */
    public static LakeFsTestLake start(Path dir) {
        LakeFsTestServer server = LakeFsTestServer.start(dir, KEY, SECRET, false);
        return new LakeFsTestLake(server, LakeFsLake.open(LakeFsSettings.of(server.endpoint(), KEY, SECRET)
                .withLocalBlockstoreRoot(server.blockstoreRoot())));
    }

    /** The lake through lakeFS's REST API. */
    public VersionedLake lake() {
        return lake;
    }

    /** The server's embedded lake: the same repositories, written without HTTP. */
    public VersionedLake backing() {
        return server.backingLake();
    }

    /** How many requests the server has answered so far. */
    public int requestCount() {
        return server.requests().size();
    }

    /** Requests the real lakeFS API would refuse. */
    public List<String> violations() {
        return server.violations();
    }

    @Override
    public void close() {
        lake.close();
        server.close();
    }
}
