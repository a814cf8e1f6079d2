package io.lakesink.lake.lakefs;

import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeBranchMovedException;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.LakePreconditionFailedException;
import io.lakesink.lake.LakeUnavailableException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.KEY;
import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link LakeFsLake} meets lakeFS's failures: retries, time-outs, hooks, credentials, odd answers. */
class LakeFsLakeFaultTest {
    private static final String REPO = "faults";
    private static final String BRANCH_PATH = "^/repositories/faults/branches/main$";
    private static final String COMMIT_PATH = "^/repositories/faults/branches/main/commits$";

    @TempDir
    Path dir;

    private LakeFsTestServer server;
    private LakeFsLake lake;
    private LakeFixture fx;

    @BeforeEach
    void start() {
        server = LakeFsTestServer.start(dir.resolve("server"), KEY, SECRET, false);
        lake = open(settings());
        lake.createRepository(REPO, "main");
        fx = new LakeFixture(lake, REPO);
    }

    @AfterEach
    void stop() {
        lake.close();
        List<String> violations = server.violations();
        server.close();
        assertEquals(List.of(), violations);
    }

    @Test
    void unavailableAnswersToReadsAreRetried() {
        server.faults().failNext("GET", BRANCH_PATH, 503, "service unavailable", 2);
        assertEquals("main", lake.getBranch(REPO, "main").name());
        assertEquals(3, server.count("GET", BRANCH_PATH));

        server.faults().failNext("GET", BRANCH_PATH, 429, "too many requests", 1);
        lake.getBranch(REPO, "main");
        assertEquals(5, server.count("GET", BRANCH_PATH));
    }

    @Test
    void readsGiveUpAfterTheConfiguredAttemptsWithARetryableError() {
        server.faults().failNext("GET", BRANCH_PATH, 500, "branch is currently locked", 10);
        LakeUnavailableException e = assertThrows(LakeUnavailableException.class, () -> lake.getBranch(REPO, "main"));
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("branch is currently locked"), e.getMessage());
        assertEquals(3, server.count("GET", BRANCH_PATH), "settings allow 3 attempts");
    }

    @Test
    void preMergeHookRefusalIsPreconditionFailedWithTheServersMessage() {
        lake.createBranch(REPO, "ingest", "main");
        fx.put("ingest", "a", "1");
        fx.commit("ingest", "a");
        Commit before = lake.getCommit(REPO, "main");
        String hookMessage = "pre-merge hook aborted, run id '7a1b': 1 error occurred: * hook run id '0000_0000'"
                + " failed on action 'checks' hook 'row_count': runtime error";
        server.faults().failNext("POST", "^/repositories/faults/refs/ingest/merge/main$", 412, hookMessage, 1);
        LakePreconditionFailedException e = assertThrows(LakePreconditionFailedException.class,
                () -> lake.merge(REPO, "ingest", "main", MergeRequest.of("publish")));
        assertTrue(e.getMessage().contains(hookMessage), e.getMessage());
        assertFalse(e.isRetryable());
        assertEquals(before.id(), lake.getBranch(REPO, "main").commitId());
        assertEquals(1, server.count("POST", "/merge/main$"), "a refused merge is not sent again");
    }

    @Test
    void mergeIsNotRetriedEvenWhenUnavailable() {
        lake.createBranch(REPO, "ingest", "main");
        fx.put("ingest", "a", "1");
        fx.commit("ingest", "a");
        server.faults().failNext("POST", "/merge/main$", 503, "service unavailable", 1);
        assertThrows(LakeUnavailableException.class, () -> lake.merge(REPO, "ingest", "main", MergeRequest.of("m")));
        assertEquals(1, server.count("POST", "/merge/main$"));
    }

    @Test
    void aTimedOutCommitThatSucceededIsNotCommittedTwice() {
        fx.put("main", "a", "1");
        Commit before = lake.getCommit(REPO, "main");
        server.faults().delayAnswerAfterWork("POST", COMMIT_PATH, Duration.ofMillis(1500));
        Commit c = lake.commit(REPO, "main", CommitRequest.of("cycle 1", Map.of("lakesink.commit", "cycle-1")));
        assertEquals("cycle-1", c.metadata().get("lakesink.commit"));
        assertEquals(List.of(before.id()), c.parents());
        assertEquals(c.id(), lake.getBranch(REPO, "main").commitId());
        assertEquals(1, server.count("POST", COMMIT_PATH), "the lost answer was found in the log, not re-sent");
    }

    @Test
    void aTimedOutCommitThatDidNotHappenIsSentAgain() {
        fx.put("main", "a", "1");
        // a 500 may or may not have committed: the guard looks for the token in the log, finds nothing, sends again
        server.faults().failNext("POST", COMMIT_PATH, 500, "internal error", 1);
        Commit c = lake.commit(REPO, "main", CommitRequest.of("cycle 2", Map.of("lakesink.commit", "cycle-2")));
        assertEquals(c.id(), lake.getBranch(REPO, "main").commitId());
        assertEquals(2, server.count("POST", COMMIT_PATH));
        assertEquals(1, fx.log("main").stream().filter(x -> "cycle-2".equals(x.metadata().get("lakesink.commit")))
                .count());
    }

    @Test
    void aCommitWithoutTokenIsRetriedOnlyWhenLakeFsDidNothing() {
        fx.put("main", "a", "1");
        server.faults().failNext("POST", COMMIT_PATH, 503, "service unavailable", 1);
        lake.commit(REPO, "main", CommitRequest.of("refused then done"));
        assertEquals(2, server.count("POST", COMMIT_PATH), "503 means lakeFS did nothing: sent again");

        fx.put("main", "b", "2");
        server.faults().failNext("POST", COMMIT_PATH, 500, "branch is currently locked, try again later", 1);
        lake.commit(REPO, "main", CommitRequest.of("locked then done"));
        assertEquals(4, server.count("POST", COMMIT_PATH), "a locked branch means lakeFS did nothing: sent again");

        fx.put("main", "c", "3");
        server.faults().delayAnswerAfterWork("POST", COMMIT_PATH, Duration.ofMillis(1500));
        assertThrows(LakeUnavailableException.class, () -> lake.commit(REPO, "main", CommitRequest.of("maybe done")));
        assertEquals(5, server.count("POST", COMMIT_PATH), "without lakesink.commit a lost answer cannot be checked");
    }

    @Test
    void aCommitRacedAfterItsHeadCheckFailsNamingTheOtherWritersCommitAndTheOneThatLanded() {
        Commit read = lake.getCommit(REPO, "main");
        fx.put("main", "mine", "1");
        // lakeFS has no compare-and-set: another writer commits after the client checked the head, before its commit
        // (taking "mine" with it, as a lakeFS commit takes everything staged)
        Commit[] theirs = new Commit[1];
        server.faults().runBeforeNext("POST", COMMIT_PATH, () -> {
            try (LakeFsLake other = open(settings())) {
                theirs[0] = other.commit(REPO, "main", CommitRequest.of("another writer").allowingEmpty());
            }
        });
        LakeBranchMovedException e = assertThrows(LakeBranchMovedException.class, () -> lake.commit(REPO, "main",
                CommitRequest.of("mine", Map.of("lakesink.commit", "cycle-9")).allowingEmpty().onlyOnTopOf(read.id())));
        assertEquals(read.id(), e.expectedHead());
        assertEquals(theirs[0].id(), e.actualHead(), "names the other writer's commit");
        Commit head = lake.getCommit(REPO, "main");
        assertEquals(head.id(), e.landedCommit(), "names the commit that landed on top of it");
        assertEquals(List.of(theirs[0].id()), head.parents());
        assertTrue(e.getMessage().contains(theirs[0].id()) && e.getMessage().contains(head.id()), e.getMessage());
        assertEquals(2, server.count("POST", COMMIT_PATH), "the other writer's and this one, none sent again");
    }

    @Test
    void rejectedCredentialsAreAClearNonRetryableError() {
        try (LakeFsLake wrong = open(LakeFsSettings.of(server.endpoint(), KEY, "not-the-secret"))) {
            LakeFsAuthenticationException e = assertThrows(LakeFsAuthenticationException.class,
                    () -> wrong.getRepository(REPO));
            assertEquals(401, e.status());
            assertTrue(e.getMessage().contains("credentials") && e.getMessage().contains(KEY), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"), "the secret is never shown");
            assertFalse(e.isRetryable());
        }
        assertEquals(1, server.count("GET", "^/repositories/faults$"), "401 is not retried");
    }

    @Test
    void forbiddenIsAnAuthenticationErrorNamingPermissions() {
        server.faults().failNext("DELETE", "^/repositories/faults/branches/x$", 403, "insufficient permissions", 1);
        lake.createBranch(REPO, "x", "main");
        LakeFsAuthenticationException e = assertThrows(LakeFsAuthenticationException.class,
                () -> lake.deleteBranch(REPO, "x"));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("policies"), e.getMessage());
    }

    @Test
    void anAnswerTheSdkCannotReadIsAProtocolError() {
        // a 200 whose body is an error message, not a Ref: the SDK's model refuses it (no id, no commit_id)
        server.faults().failNext("GET", BRANCH_PATH, 200, "I am a proxy", 1);
        LakeException e = assertThrows(LakeFsProtocolException.class, () -> lake.getBranch(REPO, "main"));
        assertTrue(e.getMessage().contains("SDK"), e.getMessage());
    }

    @Test
    void presignedUploadsGoStraightToTheObjectStoreWithoutLakeFsCredentials() {
        try (LakeFsTestServer presigning = LakeFsTestServer.start(dir.resolve("presign"), KEY, SECRET, true);
             LakeFsLake viaPresign = open(LakeFsSettings.of(presigning.endpoint(), KEY, SECRET))) {
            viaPresign.createRepository(REPO, "main");
            PhysicalAddress address = viaPresign.getPhysicalAddress(REPO, "main", "p/a");
            assertNotNull(address.presignedUrl());
            assertTrue(address.address().startsWith("local://faults/"), address.address());
            UploadedObject up = viaPresign.writePhysical(REPO, address, LakeFixture.stream("presigned bytes"));
            assertEquals(15, up.sizeBytes());
            viaPresign.linkPhysicalAddress(REPO, "main", LinkRequest.of("p/a", up));
            assertEquals("presigned bytes", new LakeFixture(viaPresign, REPO).read("main", "p/a"));
            assertEquals(1, presigning.count("PUT", "^/_presigned/"));
            assertEquals(List.of(), presigning.violations());
        }
    }

    @Test
    void settingsNeverShowTheSecret() {
        String shown = settings().toString();
        assertFalse(shown.contains(SECRET), shown);
        assertTrue(shown.contains("****") && shown.contains(KEY), shown);
    }

    private LakeFsSettings settings() {
        return LakeFsSettings.of(server.endpoint(), KEY, SECRET)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700))
                .withRetries(3, Duration.ofMillis(10))
                .withLocalBlockstoreRoot(server.blockstoreRoot());
    }

    private static LakeFsLake open(LakeFsSettings settings) {
        return LakeFsLake.open(settings);
    }
}
