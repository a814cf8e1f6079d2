package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.Merge;
import io.lakefs.clients.sdk.model.RevertCreation;
import io.lakefs.clients.sdk.model.StagingLocation;
import io.lakefs.clients.sdk.model.StagingMetadata;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.UploadedObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.KEY;
import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The test server's answers, status and body, are lakeFS 1.53.1's, read from its source: {@code pkg/api/controller.go}
 * ({@code handleAPIErrorCallback}, {@code MergeIntoBranch}, {@code LinkPhysicalAddress}), {@code pkg/graveler}
 * ({@code errors.go}, {@code graveler.go}) and {@code pkg/catalog/catalog.go}. Sent through the SDK as they are, past
 * {@link LakeFsLake}, so the adapter's own mapping cannot hide a wrong answer.
 */
class LakeFsTestServerAnswersTest {
    private static final String REPO = "answers";

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();
    private LakeFsTestServer server;
    private LakeFsLake lake;
    private LakeFsClients api;
    private LakeFixture fx;

    @BeforeEach
    void start() {
        server = LakeFsTestServer.start(dir.resolve("server"), KEY, SECRET, false, clock);
        LakeFsSettings settings = LakeFsSettings.of(server.endpoint(), KEY, SECRET)
                .withLocalBlockstoreRoot(server.blockstoreRoot());
        lake = LakeFsLake.open(settings);
        api = new LakeFsClients(settings);
        lake.createRepository(REPO, "main");
        fx = new LakeFixture(lake, REPO);
    }

    @AfterEach
    void stop() {
        api.close();
        lake.close();
        List<String> violations = server.violations();
        server.close();
        assertEquals(List.of(), violations);
    }

    // --- staging: signed link addresses (catalog.go VerifyLinkAddress) ---------------------------------

    @Test
    void anAddressForAnotherPathIs400InvalidSignature() {
        ApiException e = refused(() -> link("main", "other", uploaded("main", "asked")));
        assertAnswer(400, "invalid address signature: invalid address", e);
    }

    @Test
    void anAddressForAnotherBranchIs400InvalidSignature() {
        lake.createBranch(REPO, "ingest", "main");
        assertAnswer(400, "invalid address signature: invalid address",
                refused(() -> link("ingest", "p", uploaded("main", "p"))));
    }

    @Test
    void anAddressWithoutSignatureIs400() {
        UploadedObject u = uploaded("main", "p");
        String unsigned = u.physicalAddress().substring(0, u.physicalAddress().lastIndexOf(','));
        assertAnswer(400, "address is not signed: link address invalid", refused(() -> link("main", "p",
                new UploadedObject(unsigned, u.sizeBytes(), u.checksum()))));
    }

    @Test
    void anAddressOlderThanSixHoursIs400Expired() {
        UploadedObject u = uploaded("main", "p");
        clock.advance(Duration.ofHours(6).plusSeconds(2));
        assertAnswer(400, "link address expired", refused(() -> link("main", "p", u)));
    }

    @Test
    void theSameAddressLinksToItsPathTwice() throws ApiException {
        UploadedObject u = uploaded("main", "p");
        link("main", "p", u);
        assertEquals("p", link("main", "p", u).getPath());
    }

    @Test
    void getPhysicalAddressDoesNotLookTheBranchUp() throws ApiException {
        StagingLocation l = api.staging.getPhysicalAddress(REPO, "no-such-branch", "p").execute();
        assertNotNull(l.getPhysicalAddress());
        assertAnswer(404, null, refused(() -> api.staging.getPhysicalAddress("no-such-repo", "main", "p").execute()));
    }

    // --- commit, merge, revert, reset (graveler.go, errors.go, controller.go) -----------------------

    @Test
    void aCommitWithNothingStagedIs400NoChanges() {
        assertAnswer(400, "commit: no changes",
                refused(() -> api.commits.commit(REPO, "main", new CommitCreation().message("m")).execute()));
    }

    @Test
    void aMergeWithNothingNewIs400NoChanges() {
        lake.createBranch(REPO, "ingest", "main");
        assertAnswer(400, "update branch main: no changes", refused(() -> merge("ingest", "main")));
    }

    @Test
    void aMergeIntoADirtyBranchIs400DirtyBranch() {
        lake.createBranch(REPO, "ingest", "main");
        fx.put("ingest", "a", "1");
        fx.commit("ingest", "a");
        fx.put("main", "dirty", "x");
        assertAnswer(400, "uncommitted changes (dirty branch)", refused(() -> merge("ingest", "main")));
    }

    @Test
    void aConflictingMergeIs409WithAnEmptyMergeResult() {
        lake.createBranch(REPO, "feature", "main");
        fx.put("main", "shared", "main");
        fx.commit("main", "main side");
        fx.put("feature", "shared", "feature");
        fx.commit("feature", "feature side");
        ApiException e = refused(() -> merge("feature", "main"));
        assertEquals(409, e.getCode());
        assertEquals("{\"reference\":\"\"}", e.getResponseBody().strip());
    }

    @Test
    void aMergeWhoseChangesTheDestinationHoldsStillMakesAMergeCommit() throws ApiException {
        // lakeFS asks only whether the source's tree differs from the merge base's, not from the destination's
        fx.put("main", "a", "1");
        fx.commit("main", "base");
        lake.createBranch(REPO, "ingest", "main");
        lake.deleteObject(REPO, "ingest", "a");
        fx.commit("ingest", "remove a");
        lake.deleteObject(REPO, "main", "a");
        Commit mainHead = fx.commit("main", "remove a too");
        String merged = merge("ingest", "main");
        assertEquals(List.of(mainHead.id(), lake.getBranch(REPO, "ingest").commitId()),
                lake.getCommit(REPO, merged).parents());
    }

    @Test
    void revertingAMergeWithoutItsParentIs409() {
        Commit merge = mergedCommit();
        assertAnswer(409, "must specify 1-based parent number for reverting merge commit",
                refused(() -> revert(merge.id(), 0)));
    }

    @Test
    void revertingPastTheParentsIs400() {
        Commit merge = mergedCommit();
        assertAnswer(400, "given commit does not have the given parent number: parent 3",
                refused(() -> revert(merge.id(), 3)));
    }

    @Test
    void revertingOnADirtyBranchIs400DirtyBranch() {
        fx.put("main", "k", "1");
        Commit c = fx.commit("main", "one");
        fx.put("main", "dirty", "x");
        assertAnswer(400, "uncommitted changes (dirty branch)", refused(() -> revert(c.id(), 0)));
    }

    @Test
    void aConflictingRevertIs409() {
        fx.put("main", "k", "1");
        Commit c = fx.commit("main", "one");
        fx.put("main", "k", "2");
        fx.commit("main", "two");
        assertAnswer(409, "update branch: conflict found", refused(() -> revert(c.id(), 0)));
    }

    @Test
    void aRevertThatChangesNothingIs400NoChanges() {
        Commit empty = lake.commit(REPO, "main", io.lakesink.lake.CommitRequest.of("marker", java.util.Map.of())
                .allowingEmpty());
        assertAnswer(400, "update branch: no changes", refused(() -> revert(empty.id(), 0)));
    }

    @Test
    void aHardResetMovesADirtyBranchAndKeepsItsChangesStaged() throws ApiException {
        fx.put("main", "a", "1");
        Commit first = fx.commit("main", "a");
        fx.put("main", "b", "2");
        fx.commit("main", "b");
        fx.put("main", "staged", "x");
        lake.deleteObject(REPO, "main", "a");
        api.experimental.hardResetBranch(REPO, "main", first.id()).execute();
        assertEquals(first.id(), lake.getBranch(REPO, "main").commitId());
        assertEquals(List.of("staged"), fx.paths("main", ""), "the staged write and removal stay staged");
        assertEquals(List.of("a"), fx.paths("main@", ""));
    }

    @Test
    void aResetOfAPathWithNothingStagedIs204AndKeepsTheRest() throws ApiException {
        // Graveler.ResetKey ignores a key that is not staged; Reset checks nothing but branch protection
        fx.put("main", "staged", "x");
        api.branches.resetBranch(REPO, "main", new io.lakefs.clients.sdk.model.ResetCreation()
                .type(io.lakefs.clients.sdk.model.ResetCreation.TypeEnum.OBJECT).path("never-staged")).execute();
        assertEquals(List.of("staged"), fx.paths("main", ""));
        api.branches.resetBranch(REPO, "main", new io.lakefs.clients.sdk.model.ResetCreation()
                .type(io.lakefs.clients.sdk.model.ResetCreation.TypeEnum.RESET)).execute();
        assertEquals(List.of(), fx.paths("main", ""));
    }

    // --- helpers ----------------------------------------------------------------------------------

    private Commit mergedCommit() {
        fx.put("main", "base", "b");
        fx.commit("main", "base");
        lake.createBranch(REPO, "ingest", "main");
        fx.put("ingest", "new", "n");
        fx.commit("ingest", "new");
        return lake.merge(REPO, "ingest", "main", MergeRequest.of("publish"));
    }

    private UploadedObject uploaded(String branch, String path) {
        return lake.writePhysical(REPO, lake.getPhysicalAddress(REPO, branch, path), LakeFixture.stream("bytes"));
    }

    private io.lakefs.clients.sdk.model.ObjectStats link(String branch, String path, UploadedObject u)
            throws ApiException {
        StagingMetadata md = new StagingMetadata().staging(new StagingLocation().physicalAddress(u.physicalAddress()))
                .checksum(u.checksum()).sizeBytes(u.sizeBytes());
        return api.staging.linkPhysicalAddress(REPO, branch, path, md).execute();
    }

    private String merge(String source, String destination) throws ApiException {
        return api.refs.mergeIntoBranch(REPO, source, destination).merge(new Merge().message("m")).execute()
                .getReference();
    }

    private Void revert(String ref, int parent) throws ApiException {
        api.branches.revertBranch(REPO, "main", new RevertCreation().ref(ref).parentNumber(parent)).execute();
        return null;
    }

    private static ApiException refused(ApiCall<?> call) {
        return assertThrows(ApiException.class, call::call);
    }

    /** {@code message} null: any message. */
    private static void assertAnswer(int status, String message, ApiException e) {
        assertEquals(status, e.getCode(), e.getResponseBody());
        if (message != null) {
            assertEquals(message, LakeFsErrors.serverMessage(e));
        }
    }
}
