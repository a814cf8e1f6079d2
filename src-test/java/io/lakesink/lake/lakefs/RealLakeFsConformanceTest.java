package io.lakesink.lake.lakefs;

import io.lakesink.lake.Repository;
import io.lakesink.lake.VersionedLake;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * The conformance suite on a real lakeFS ({@code treeverse/lakefs:1.53.1 run --quickstart}) in Docker; skipped
 * where no Docker engine runs.
 *
 * <p>The quickstart's {@code local} blockstore cannot presign, so {@link LakeFsLake} writes physical addresses as
 * files: the blockstore directory is bind-mounted at the same absolute path inside the container and here, and
 * lakeFS runs as root so that files written by either side can be read and replaced by the other. Each test uses
 * its own storage-namespace prefix, because lakeFS refuses a namespace that a deleted repository already used.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealLakeFsConformanceTest extends LakeFsConformanceTest {
    private static final String IMAGE = "treeverse/lakefs:1.53.1";
    private static final Path BLOCKSTORE = blockstoreDirectory();

    @Container
    @SuppressWarnings("resource") // closed by the Testcontainers extension
    static final GenericContainer<?> LAKEFS = new GenericContainer<>(DockerImageName.parse(IMAGE))
            .withCommand("run", "--quickstart")
            .withExposedPorts(8000)
            .withEnv("LAKEFS_BLOCKSTORE_LOCAL_PATH", BLOCKSTORE.toString())
            .withFileSystemBind(BLOCKSTORE.toString(), BLOCKSTORE.toString(), BindMode.READ_WRITE)
            .withCreateContainerCmdModifier(cmd -> cmd.withUser("0"))
            .waitingFor(Wait.forHttp("/api/v1/healthcheck").forPort(8000).forStatusCode(204));

    @Override
    protected VersionedLake openLake(Path dir) {
        String endpoint = "http://" + LAKEFS.getHost() + ":" + LAKEFS.getMappedPort(8000) + "/api/v1";
        LakeFsLake lake = LakeFsLake.open(LakeFsSettings.of(endpoint, LakeFsLakeConformanceTest.KEY,
                        LakeFsLakeConformanceTest.SECRET)
                .withStorageNamespace("local://run-" + UUID.randomUUID() + "/")
                .withLocalBlockstoreRoot(BLOCKSTORE));
        // one server serves every test: start each from no repositories, as the suite expects
        for (Repository r : lake.listRepositories()) {
            lake.deleteRepository(r.name());
        }
        return lake;
    }

    @Override
    protected boolean tracksUnlinkedPhysicalAddresses() {
        return false;
    }

    /** Under the build directory, so {@code mvn clean} removes it; made writable for the container's user. */
    private static Path blockstoreDirectory() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "lakefs-blockstore").toAbsolutePath());
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
