package io.lakesink.lake.lakefs;

import io.lakesink.commit.IngestBranchOwner;
import io.lakesink.commit.IngestCommitter;
import io.lakesink.commit.event.DataFile;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.PartitionBatch;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.UploadedObject;
import io.lakesink.offsets.CommitMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.KEY;
import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A commit cycle on lakeFS whose link lakeFS's address rules refuse fails, saying which rule, and leaves the ingest
 * branch as it was; the next cycle, with fresh uploads, commits (uploads, then links, then the commit).
 */
class LakeFsCommitCycleLinkTest {
    private static final String REPO = "events";
    private static final String CONNECTOR = "orders-sink";
    private static final String PATH = "topics/orders/partition=0/orders+0+0.parquet";

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();
    private LakeFsTestServer server;
    private LakeFsLake lake;
    private IngestCommitter committer;

    @BeforeEach
    void start() {
        server = LakeFsTestServer.start(dir.resolve("server"), KEY, SECRET, false, clock);
        lake = LakeFsLake.open(LakeFsSettings.of(server.endpoint(), KEY, SECRET)
                .withLocalBlockstoreRoot(server.blockstoreRoot()));
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
        IngestBranchOwner owner = new IngestBranchOwner(lake, REPO, "ingest", "main", "lake.ingest.branch",
                "lake.ingest.branch.takeover.from");
        owner.claim(CONNECTOR, null);
        committer = new IngestCommitter(lake, REPO, "ingest", CONNECTOR, owner, new ReentrantLock());
    }

    @AfterEach
    void stop() {
        lake.close();
        List<String> violations = server.violations();
        server.close();
        assertEquals(List.of(), violations);
    }

    @Test
    void aFileUploadedForAnotherPathFailsTheCycleNamingTheRule() {
        Commit head = lake.getCommit(REPO, "ingest");
        DataFile misplaced = file(PATH, uploaded("topics/orders/partition=0/elsewhere.parquet"));
        LakeInvalidArgumentException e = assertThrows(LakeInvalidArgumentException.class,
                () -> committer.commit("cycle-1", List.of(answer(misplaced))));
        assertTrue(e.getMessage().contains("lakeFS refused to link '" + PATH + "' on branch 'ingest': the address was"
                + " issued for another path/branch (lakeFS signs link addresses"), e.getMessage());
        assertEquals(head.id(), lake.getBranch(REPO, "ingest").commitId());
    }

    @Test
    void anExpiredUploadFailsTheCycleUnsentAndTheNextCycleCommits() {
        Commit head = lake.getCommit(REPO, "ingest");
        clock.advance(Duration.ofHours(-7)); // the cycle's upload was handed its address 7 h ago
        DataFile stale = file(PATH, uploaded(PATH));
        clock.advance(Duration.ofHours(7));
        LakeInvalidArgumentException e = assertThrows(LakeInvalidArgumentException.class,
                () -> committer.commit("cycle-1", List.of(answer(stale))));
        assertTrue(e.getMessage().contains("expired (lakeFS accepts a link address for 6 h"), e.getMessage());
        assertEquals(0, server.count("PUT", "/staging/backing$"));
        assertEquals(head.id(), lake.getBranch(REPO, "ingest").commitId());

        Commit next = committer.commit("cycle-2", List.of(answer(file(PATH, uploaded(PATH))))).commit();
        assertEquals("{\"orders\":{\"0\":10}}", next.metadata().get(CommitMetadata.KAFKA_OFFSETS));
        assertEquals(List.of(PATH), new LakeFixture(lake, REPO).paths("ingest@", "topics/"));
    }

    private UploadedObject uploaded(String path) {
        return lake.writePhysical(REPO, lake.getPhysicalAddress(REPO, "ingest", path),
                LakeFixture.stream("parquet bytes"));
    }

    private static DataFile file(String path, UploadedObject u) {
        return new DataFile(path, u.physicalAddress(), u.sizeBytes(), u.checksum(), "orders", 0, 10,
                DataFile.NO_TIMESTAMP);
    }

    private static DataWritten answer(DataFile file) {
        return DataWritten.of(CONNECTOR, "any", 0, List.of(new PartitionBatch("orders", 0, -1, 10, 10)),
                List.of(file));
    }
}
