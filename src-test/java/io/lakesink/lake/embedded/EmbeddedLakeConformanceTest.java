package io.lakesink.lake.embedded;

import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.VersionedLakeConformanceTest;

import java.nio.file.Path;

/** The conformance suite on the embedded backend. */
class EmbeddedLakeConformanceTest extends VersionedLakeConformanceTest {
    @Override
    protected VersionedLake openLake(Path dir) {
        return EmbeddedLake.open(dir);
    }
}
