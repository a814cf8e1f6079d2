package io.lakesink.commit;

import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.offsets.CommitMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may write to an ingest branch, against a real embedded lake. */
class IngestBranchOwnerTest {
    private static final String REPO = "events";

    @TempDir
    Path dir;
    private EmbeddedLake lake;

    @BeforeEach
    void setUp() {
        lake = EmbeddedLake.open(dir);
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
    }

    @AfterEach
    void tearDown() {
        lake.close();
    }

    private IngestBranchOwner owner() {
        return new IngestBranchOwner(lake, REPO, "ingest", "main", "lake.ingest.branch",
                "lake.ingest.branch.takeover.from");
    }

    @Test
    void ofTwoConnectorsStartingAtOnceOnANewBranchExactlyOneOwnsIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<IngestBranchOwner.Owner>> starts = new ArrayList<>();
            for (String connector : List.of("orders-sink", "payments-sink")) {
                starts.add(pool.submit(() -> owner().claim(connector, null)));
            }
            List<String> owners = new ArrayList<>();
            List<String> refusals = new ArrayList<>();
            for (Future<IngestBranchOwner.Owner> f : starts) {
                try {
                    owners.add(f.get().connector());
                } catch (ExecutionException e) {
                    assertInstanceOf(IngestBranchTakenException.class, e.getCause());
                    refusals.add(e.getCause().getMessage());
                }
            }
            assertEquals(1, owners.size(), "owners " + owners + ", refusals " + refusals);
            assertEquals(1, refusals.size());
            assertEquals(owners.get(0), owner().owner().orElseThrow().connector());
            assertTrue(refusals.get(0).contains("'orders-sink'") && refusals.get(0).contains("'payments-sink'"),
                    refusals.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskRestartOfTheOwnerIsWelcomeAndWritesNothing() {
        owner().claim("orders-sink", null);
        String claimHead = lake.getBranch(REPO, IngestBranchOwner.OWNER_PREFIX + "ingest").commitId();
        assertEquals("orders-sink", owner().claim("orders-sink", null).connector());
        assertEquals(claimHead, lake.getBranch(REPO, IngestBranchOwner.OWNER_PREFIX + "ingest").commitId());
        owner().requireOwnedBy("orders-sink");
    }

    @Test
    void aBranchWrittenBeforeOwnersWereRecordedBelongsToTheConnectorOfItsHead() {
        lake.commit(REPO, "ingest", new CommitRequest("an older LakeSink's commit",
                Map.of(CommitMetadata.CONNECTOR, "orders-sink"), true));
        IngestBranchTakenException e = assertThrows(IngestBranchTakenException.class,
                () -> owner().claim("payments-sink", null));
        assertTrue(e.getMessage().contains("made the branch's head commit"), e.getMessage());
        assertEquals("orders-sink", owner().claim("orders-sink", null).connector());
    }

    @Test
    void onlyTheNamedOwnerIsTakenOverAndTheOldNameIsRefusedAfterwards() {
        owner().claim("orders-sink", null);
        assertThrows(IngestBranchTakenException.class, () -> owner().claim("orders-sink-v2", "someone-else"));
        owner().check("orders-sink-v2", "orders-sink");
        assertEquals("orders-sink-v2", owner().claim("orders-sink-v2", "orders-sink").connector());
        assertEquals("orders-sink-v2", owner().owner().orElseThrow().connector());
        IngestBranchTakenException stale = assertThrows(IngestBranchTakenException.class,
                () -> owner().requireOwnedBy("orders-sink"));
        assertTrue(stale.getMessage().contains("lake.ingest.branch.takeover.from=orders-sink-v2"), stale.getMessage());
    }
}
