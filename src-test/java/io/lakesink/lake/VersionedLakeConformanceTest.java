package io.lakesink.lake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link VersionedLake} backend must do, written once against the interface. A backend's test
 * subclasses this and opens a fresh lake in the given directory.
 */
public abstract class VersionedLakeConformanceTest {
    protected static final String REPO = "conformance";

    @TempDir
    Path dir;

    protected VersionedLake lake;
    protected LakeFixture fx;

    /** A fresh, empty lake for one test. */
    protected abstract VersionedLake openLake(Path dir);

    /**
     * Whether the backend counts and collects physical addresses that were handed out but never linked. lakeFS
     * does not (it offers clients no such API; its garbage collector removes unlinked bytes), so its suites say no.
     */
    protected boolean tracksUnlinkedPhysicalAddresses() {
        return true;
    }

    @BeforeEach
    void createRepository() {
        lake = openLake(dir);
        lake.createRepository(REPO, "main");
        fx = new LakeFixture(lake, REPO);
    }

    @AfterEach
    void closeLake() {
        lake.close();
    }

    // --- repositories -------------------------------------------------------------------------------

    @Test
    void newRepositoryHasItsDefaultBranchAtAnInitialCommit() {
        Repository r = lake.getRepository(REPO);
        assertEquals("main", r.defaultBranch());
        Commit initial = lake.getCommit(REPO, "main");
        assertTrue(initial.parents().isEmpty());
        assertEquals(List.of(), fx.paths("main", ""));
        assertTrue(lake.listRepositories().stream().anyMatch(x -> x.name().equals(REPO)));
    }

    @Test
    void repositoryNamesFollowTheLakeFsRule() {
        for (String bad : List.of("A-repo", "ab", "-abc", "has_underscore", "")) {
            LakeInvalidArgumentException e = assertThrows(LakeInvalidArgumentException.class,
                    () -> lake.createRepository(bad, "main"), bad);
            assertTrue(e.getMessage().contains("lower-case"), e.getMessage());
        }
    }

    @Test
    void duplicateAndUnknownRepositoriesAreTypedErrors() {
        assertThrows(LakeConflictException.class, () -> lake.createRepository(REPO, "main"));
        assertThrows(LakeNotFoundException.class, () -> lake.getRepository("no-such-repo"));
        assertThrows(LakeNotFoundException.class, () -> lake.getBranch("no-such-repo", "main"));
    }

    @Test
    void deletedRepositoryIsGone() {
        lake.createRepository("to-delete", "main");
        new LakeFixture(lake, "to-delete").put("main", "a", "1");
        lake.deleteRepository("to-delete");
        assertThrows(LakeNotFoundException.class, () -> lake.getRepository("to-delete"));
        assertThrows(LakeNotFoundException.class, () -> lake.deleteRepository("to-delete"));
    }

    // --- branches -----------------------------------------------------------------------------------

    @Test
    void branchesAreCreatedFromBranchesCommitsAndAncestors() {
        fx.put("main", "a", "1");
        Commit first = fx.commit("main", "first");
        fx.put("main", "b", "2");
        Commit second = fx.commit("main", "second");
        assertEquals(second.id(), lake.createBranch(REPO, "from-branch", "main").commitId());
        assertEquals(first.id(), lake.createBranch(REPO, "from-id", first.id()).commitId());
        assertEquals(first.id(), lake.createBranch(REPO, "from-prefix", first.id().substring(0, 10)).commitId());
        assertEquals(first.id(), lake.createBranch(REPO, "from-ancestor", "main~1").commitId());
        assertEquals(first.id(), lake.getBranch(REPO, "from-ancestor").commitId());
    }

    @Test
    void branchesAreListedInPagesWithoutGapsOrRepeats() {
        List<String> created = new ArrayList<>(List.of("main"));
        for (int i = 0; i < 25; i++) {
            String name = String.format("b%02d", i);
            lake.createBranch(REPO, name, "main");
            created.add(name);
        }
        List<Page<Branch>> pages = LakeFixture.pages(10, p -> lake.listBranches(REPO, p));
        assertEquals(created.stream().sorted().toList(), LakeFixture.items(pages, Branch::name));
        assertEquals(3, pages.size());
    }

    @Test
    void badBranchRequestsAreTypedErrorsThatChangeNothing() {
        for (String bad : List.of("a/b", "-x", "", "has space")) {
            LakeInvalidArgumentException e = assertThrows(LakeInvalidArgumentException.class,
                    () -> lake.createBranch(REPO, bad, "main"), bad);
            assertTrue(e.getMessage().contains("'/'"), e.getMessage());
        }
        assertThrows(LakeNotFoundException.class, () -> lake.createBranch(REPO, "x", "no-such-ref"));
        lake.createBranch(REPO, "dup", "main");
        assertThrows(LakeConflictException.class, () -> lake.createBranch(REPO, "dup", "main"));
        assertThrows(LakeInvalidArgumentException.class, () -> lake.deleteBranch(REPO, "main"));
        assertThrows(LakeNotFoundException.class, () -> lake.getBranch(REPO, "x"));
        assertEquals(List.of("dup", "main"), LakeFixture.all(p -> lake.listBranches(REPO, p)).stream()
                .map(Branch::name).toList());
    }

    @Test
    void deletedBranchLosesItsStagedChanges() {
        lake.createBranch(REPO, "tmp", "main");
        fx.put("tmp", "staged", "x");
        lake.deleteBranch(REPO, "tmp");
        assertThrows(LakeNotFoundException.class, () -> lake.getBranch(REPO, "tmp"));
        lake.createBranch(REPO, "tmp", "main");
        assertEquals(List.of(), fx.paths("tmp", ""), "a re-created branch must not inherit old staged changes");
    }

    // --- objects ------------------------------------------------------------------------------------

    @Test
    void stagedObjectsAreSeenOnlyOnTheirBranchUntilCommitted() {
        lake.createBranch(REPO, "other", "main");
        ObjectStats stats = fx.put("main", "dir/a.txt", "hello");
        assertEquals(5, stats.sizeBytes());
        assertEquals("hello", fx.read("main", "dir/a.txt"));
        assertEquals(5, lake.statObject(REPO, "main", "dir/a.txt").sizeBytes());
        assertThrows(LakeNotFoundException.class, () -> lake.statObject(REPO, "main@", "dir/a.txt"));
        assertThrows(LakeNotFoundException.class, () -> lake.getObject(REPO, "other", "dir/a.txt"));
        Commit c = fx.commit("main", "add a");
        assertEquals("hello", fx.read("main@", "dir/a.txt"));
        assertEquals("hello", fx.read(c.id(), "dir/a.txt"));
        assertEquals(List.of(), fx.uncommitted("main"));
    }

    @Test
    void overwritingAnObjectReplacesItsContent() {
        fx.put("main", "k", "one");
        fx.commit("main", "one");
        fx.put("main", "k", "two");
        assertEquals("two", fx.read("main", "k"));
        assertEquals("one", fx.read("main@", "k"));
        assertEquals(List.of(new Change(Change.Type.CHANGED, "k", 3)), fx.uncommitted("main"));
    }

    @Test
    void listingPagesByPrefixWithoutGapsOrRepeats() {
        for (int i = 0; i < 250; i++) {
            fx.put("main", String.format("data/%04d", i), "x");
        }
        fx.put("main", "other/x", "x");
        fx.commit("main", "250 objects");
        for (int i = 250; i < 260; i++) {
            fx.put("main", String.format("data/%04d", i), "staged");
        }
        List<String> expected = IntStream.range(0, 260).mapToObj(i -> String.format("data/%04d", i)).toList();
        List<Page<ObjectStats>> pages = LakeFixture.pages(100, p -> lake.listObjects(REPO, "main", "data/", p));
        assertEquals(List.of(100, 100, 60), pages.stream().map(p -> p.items().size()).toList());
        assertEquals(expected, LakeFixture.items(pages, ObjectStats::path));
        assertEquals(expected.subList(0, 250), fx.paths("main@", "data/"));
        assertEquals(List.of("other/x"), fx.paths("main", "other/"));
    }

    @Test
    void deletingStagesARemoval() {
        fx.put("main", "keep", "1");
        fx.put("main", "gone", "2");
        fx.commit("main", "two objects");
        lake.deleteObject(REPO, "main", "gone");
        assertThrows(LakeNotFoundException.class, () -> lake.statObject(REPO, "main", "gone"));
        assertEquals("2", fx.read("main@", "gone"));
        assertEquals(List.of(new Change(Change.Type.REMOVED, "gone", 1)), fx.uncommitted("main"));
        fx.commit("main", "remove");
        assertEquals(List.of("keep"), fx.paths("main", ""));
        assertThrows(LakeNotFoundException.class, () -> lake.deleteObject(REPO, "main", "gone"));
        assertThrows(LakeNotFoundException.class, () -> lake.deleteObject(REPO, "main", "never-was"));
    }

    @Test
    void deletingAStagedOnlyObjectLeavesNothingToCommit() {
        fx.put("main", "tmp", "x");
        lake.deleteObject(REPO, "main", "tmp");
        assertEquals(List.of(), fx.uncommitted("main"));
        assertThrows(LakeInvalidArgumentException.class, () -> fx.commit("main", "nothing"));
    }

    @Test
    void unknownObjectsAndRefsAreNotFound() {
        assertThrows(LakeNotFoundException.class, () -> lake.statObject(REPO, "main", "nope"));
        assertThrows(LakeNotFoundException.class, () -> lake.getObject(REPO, "main", "nope"));
        assertThrows(LakeNotFoundException.class, () -> lake.statObject(REPO, "no-branch", "x"));
        assertThrows(LakeNotFoundException.class, () -> lake.getCommit(REPO, "abcdef1234"));
        assertThrows(LakeInvalidArgumentException.class, () -> fx.put("main", "", "empty path"));
    }

    // --- write now, link later ----------------------------------------------------------------------

    @Test
    void physicalAddressesAreWrittenThenLinked() {
        PhysicalAddress address = lake.getPhysicalAddress(REPO, "main", "late/a");
        long unlinkedAfterHandingOut = tracksUnlinkedPhysicalAddresses() ? 1 : 0;
        assertEquals(unlinkedAfterHandingOut, lake.countUnlinkedPhysicalAddresses(REPO));
        UploadedObject uploaded = lake.writePhysical(REPO, address, LakeFixture.stream("bytes"));
        assertEquals(5, uploaded.sizeBytes());
        assertThrows(LakeNotFoundException.class, () -> lake.statObject(REPO, "main", "late/a"),
                "written bytes are not on any branch before they are linked");
        lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("late/a", uploaded));
        assertEquals(0, lake.countUnlinkedPhysicalAddresses(REPO));
        assertEquals("bytes", fx.read("main", "late/a"));
        fx.commit("main", "linked");
        assertEquals("bytes", fx.read("main@", "late/a"));
    }

    @Test
    void linkingOnlyIfAbsentRefusesAnExistingPath() {
        fx.put("main", "taken", "old");
        UploadedObject uploaded = lake.writePhysical(REPO, lake.getPhysicalAddress(REPO, "main", "taken"),
                LakeFixture.stream("new"));
        LinkRequest ifAbsent = new LinkRequest("taken", uploaded.physicalAddress(), uploaded.sizeBytes(),
                uploaded.checksum(), "text/plain", Map.of(), true);
        assertThrows(LakePreconditionFailedException.class, () -> lake.linkPhysicalAddress(REPO, "main", ifAbsent));
        assertEquals("old", fx.read("main", "taken"));
    }

    @Test
    void batchLinkStagesEveryObject() {
        List<LinkRequest> links = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // an address is asked for the path it is linked to: lakeFS signs it for that path and refuses any other
            String path = String.format("b/%02d", i);
            UploadedObject u = lake.writePhysical(REPO, lake.getPhysicalAddress(REPO, "main", path),
                    LakeFixture.stream("v" + i));
            links.add(LinkRequest.of(path, u));
        }
        assertEquals(20, lake.linkPhysicalAddresses(REPO, "main", links).size());
        fx.commit("main", "batch");
        assertEquals(20, fx.paths("main@", "b/").size());
        assertEquals("v7", fx.read("main", "b/07"));
    }

    @Test
    void relinkingAnAddressToThePathItWasAskedForStagesItOnce() {
        // a link retried after a lost answer sends the same address to the same path: lakeFS's signature still holds
        UploadedObject u = lake.writePhysical(REPO, lake.getPhysicalAddress(REPO, "main", "again"),
                LakeFixture.stream("once"));
        lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("again", u));
        lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("again", u));
        fx.commit("main", "relinked");
        assertEquals(List.of("again"), fx.paths("main@", ""));
        assertEquals("once", fx.read("main@", "again"));
    }

    @Test
    void collectingRemovesOnlyUnlinkedBytes() {
        assumeTrue(tracksUnlinkedPhysicalAddresses(), "this backend's server collects unlinked physical addresses"
                + " itself (lakeFS garbage collection); the client cannot count or collect them");
        UploadedObject linked = lake.writePhysical(REPO, lake.getPhysicalAddress(REPO, "main", "kept"),
                LakeFixture.stream("kept"));
        lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("kept", linked));
        PhysicalAddress abandoned = lake.getPhysicalAddress(REPO, "main", "abandoned");
        UploadedObject orphan = lake.writePhysical(REPO, abandoned, LakeFixture.stream("orphan"));
        lake.getPhysicalAddress(REPO, "main", "never-written");
        assertEquals(2, lake.countUnlinkedPhysicalAddresses(REPO));
        assertEquals(0, lake.collectUnlinkedPhysicalAddresses(REPO, Duration.ofHours(1)),
                "addresses younger than the grace period are kept");
        assertEquals(2, lake.collectUnlinkedPhysicalAddresses(REPO, Duration.ZERO));
        assertEquals(0, lake.countUnlinkedPhysicalAddresses(REPO));
        assertEquals("kept", fx.read("main", "kept"));
        assertThrows(LakeException.class, () -> lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("late", orphan)),
                "collected bytes can no longer be linked");
    }

    // --- commits and log ----------------------------------------------------------------------------

    @Test
    void commitRecordsMessageMetadataAndParent() {
        Commit before = lake.getCommit(REPO, "main");
        fx.put("main", "a", "1");
        Map<String, String> md = Map.of("kafka.offsets", "{\"orders\":{\"0\":42}}", "lakesink.commit", "cycle-1");
        Commit c = lake.commit(REPO, "main", CommitRequest.of("with metadata", md));
        assertEquals(List.of(before.id()), c.parents());
        Commit read = lake.getCommit(REPO, c.id());
        assertEquals("with metadata", read.message());
        assertEquals(md, read.metadata());
        assertEquals(c.id(), lake.getBranch(REPO, "main").commitId());
        assertEquals(c.id(), lake.getCommit(REPO, "main").id());
        assertEquals(c.id(), lake.getCommit(REPO, c.id().substring(0, 8)).id());
        assertEquals(before.id(), lake.getCommit(REPO, "main~1").id());
        assertEquals(before.id(), lake.getCommit(REPO, "main^").id());
    }

    @Test
    void emptyCommitNeedsToBeAllowed() {
        Commit head = lake.getCommit(REPO, "main");
        assertThrows(LakeInvalidArgumentException.class, () -> fx.commit("main", "nothing"));
        assertEquals(head.id(), lake.getBranch(REPO, "main").commitId());
        Commit empty = lake.commit(REPO, "main", CommitRequest.of("marker", Map.of("k", "v")).allowingEmpty());
        assertEquals(List.of(head.id()), empty.parents());
        assertEquals("v", lake.getCommit(REPO, "main").metadata().get("k"));
    }

    @Test
    void logIsNewestFirstAndPagedByCommitId() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            fx.put("main", "f" + i, "x");
            made.add(0, fx.commit("main", "c" + i).id());
        }
        made.add(lake.log(REPO, "main~30", PageRequest.first()).items().get(0).id());
        List<Page<Commit>> pages = LakeFixture.pages(7, p -> lake.log(REPO, "main", p));
        assertEquals(5, pages.size());
        assertEquals(made, LakeFixture.items(pages, Commit::id));
    }

    // --- diff ---------------------------------------------------------------------------------------

    @Test
    void diffBetweenRefsNamesAddedRemovedAndChangedPaths() {
        fx.put("main", "same", "s");
        fx.put("main", "changed", "old");
        fx.put("main", "removed", "r");
        Commit left = fx.commit("main", "left");
        fx.put("main", "changed", "new!");
        fx.put("main", "added", "a");
        lake.deleteObject(REPO, "main", "removed");
        Commit right = fx.commit("main", "right");
        assertEquals(List.of(new Change(Change.Type.ADDED, "added", 1), new Change(Change.Type.CHANGED, "changed", 4),
                new Change(Change.Type.REMOVED, "removed", 1)), fx.diff(left.id(), right.id()));
        assertEquals(List.of(new Change(Change.Type.CHANGED, "changed", 4)),
                lake.diff(REPO, left.id(), right.id(), "ch", PageRequest.first()).items());
        assertEquals(List.of(), fx.diff("main", right.id()));
    }

    @Test
    void diffPagesWithoutGapsOrRepeats() {
        Commit empty = lake.getCommit(REPO, "main");
        for (int i = 0; i < 120; i++) {
            fx.put("main", String.format("p/%03d", i), "x");
        }
        fx.commit("main", "many");
        List<Page<Change>> pages = LakeFixture.pages(50, p -> lake.diff(REPO, empty.id(), "main", "p/", p));
        assertEquals(3, pages.size());
        assertEquals(IntStream.range(0, 120).mapToObj(i -> String.format("p/%03d", i)).toList(),
                LakeFixture.items(pages, Change::path));
    }

    // --- merge --------------------------------------------------------------------------------------

    @Test
    void mergeCreatesAMergeCommitWithTheDestinationFirst() {
        lake.createBranch(REPO, "ingest", "main");
        fx.put("ingest", "new", "data");
        Commit source = fx.commit("ingest", "ingest");
        Commit destBefore = lake.getCommit(REPO, "main");
        Commit merge = lake.merge(REPO, "ingest", "main",
                MergeRequest.of("publish").withMetadata(Map.of("lakesink.source", source.id())));
        assertEquals(List.of(destBefore.id(), source.id()), merge.parents());
        assertEquals(source.id(), lake.getCommit(REPO, "main").metadata().get("lakesink.source"));
        assertEquals("data", fx.read("main", "new"));
        assertEquals(source.id(), lake.getCommit(REPO, "main^2").id());
        assertEquals(destBefore.id(), lake.getCommit(REPO, "main^1").id());
        assertEquals(source.id(), lake.findMergeBase(REPO, "main", "ingest").id());
    }

    @Test
    void mergeCombinesChangesToDifferentPaths() {
        fx.put("main", "base", "b");
        fx.commit("main", "base");
        lake.createBranch(REPO, "feature", "main");
        fx.put("feature", "from-feature", "f");
        fx.commit("feature", "feature change");
        fx.put("main", "from-main", "m");
        lake.deleteObject(REPO, "main", "base");
        fx.commit("main", "main change");
        lake.merge(REPO, "feature", "main", MergeRequest.of("combine"));
        assertEquals(List.of("from-feature", "from-main"), fx.paths("main", ""));
    }

    @Test
    void conflictingMergeFailsNamingThePathAndChangesNothing() {
        Commit head = conflictOn("shared");
        LakeConflictException e = assertThrows(LakeConflictException.class,
                () -> lake.merge(REPO, "feature", "main", MergeRequest.of("conflict")));
        assertEquals(List.of("shared"), e.conflictingPaths());
        assertTrue(e.getMessage().contains("shared"), e.getMessage());
        assertEquals(head.id(), lake.getBranch(REPO, "main").commitId());
        assertEquals("main", fx.read("main", "shared"));
    }

    @Test
    void strategiesSettleConflictsAsLakeFsDoes() {
        conflictOn("shared");
        lake.createBranch(REPO, "main2", "main");
        lake.merge(REPO, "feature", "main", MergeRequest.of("theirs").withStrategy(MergeStrategy.SOURCE_WINS));
        assertEquals("feature", fx.read("main", "shared"));
        assertEquals("only-feature", fx.read("main", "feature-only"));
        lake.merge(REPO, "feature", "main2", MergeRequest.of("ours").withStrategy(MergeStrategy.DEST_WINS));
        assertEquals("main", fx.read("main2", "shared"));
        assertEquals("only-feature", fx.read("main2", "feature-only"), "non-conflicting changes still merge");
    }

    @Test
    void mergeIntoADirtyBranchIsAConflict() {
        lake.createBranch(REPO, "ingest", "main");
        fx.put("ingest", "a", "1");
        fx.commit("ingest", "a");
        fx.put("main", "dirty", "x");
        Commit head = lake.getCommit(REPO, "main");
        LakeConflictException e = assertThrows(LakeConflictException.class,
                () -> lake.merge(REPO, "ingest", "main", MergeRequest.of("m")));
        assertTrue(e.getMessage().contains("uncommitted"), e.getMessage());
        assertEquals(head.id(), lake.getBranch(REPO, "main").commitId());
    }

    @Test
    void mergeWithNothingNewNeedsToBeAllowed() {
        lake.createBranch(REPO, "ingest", "main");
        Commit head = lake.getCommit(REPO, "main");
        assertThrows(LakeInvalidArgumentException.class, () -> lake.merge(REPO, "ingest", "main", MergeRequest.of("m")));
        assertEquals(head.id(), lake.getBranch(REPO, "main").commitId());
        Commit merge = lake.merge(REPO, "ingest", "main", MergeRequest.of("m").allowingEmpty());
        assertEquals(2, merge.parents().size());
    }

    @Test
    void mergeOfCommitsThatChangeNoObjectNeedsToBeAllowed() {
        // a commit that records offsets alone (a rollback's skip) brings no objects: lakeFS says "no changes"
        lake.createBranch(REPO, "ingest", "main");
        lake.commit(REPO, "ingest", CommitRequest.of("offsets only", Map.of("kafka.offsets", "{}")).allowingEmpty());
        Commit head = lake.getCommit(REPO, "main");
        assertThrows(LakeInvalidArgumentException.class, () -> lake.merge(REPO, "ingest", "main", MergeRequest.of("m")));
        assertEquals(head.id(), lake.getBranch(REPO, "main").commitId());
        Commit merge = lake.merge(REPO, "ingest", "main", MergeRequest.of("m").allowingEmpty());
        assertEquals(List.of(head.id(), lake.getBranch(REPO, "ingest").commitId()), merge.parents());
    }

    // --- revert -------------------------------------------------------------------------------------

    @Test
    void revertUndoesAddsChangesAndRemovals() {
        fx.put("main", "changed", "old");
        fx.put("main", "removed", "r");
        fx.commit("main", "base");
        fx.put("main", "changed", "new");
        fx.put("main", "added", "a");
        lake.deleteObject(REPO, "main", "removed");
        Commit bad = fx.commit("main", "bad");
        fx.put("main", "later", "l");
        fx.commit("main", "later");
        Commit revert = lake.revert(REPO, "main", RevertRequest.of(bad.id()));
        assertEquals(List.of("changed", "later", "removed"), fx.paths("main", ""));
        assertEquals("old", fx.read("main", "changed"));
        assertEquals(1, revert.parents().size());
    }

    @Test
    void revertOfAMergeNeedsItsParentNumber() {
        fx.put("main", "base", "b");
        fx.commit("main", "base");
        lake.createBranch(REPO, "ingest", "main");
        fx.put("ingest", "bad/1", "x");
        fx.put("ingest", "bad/2", "y");
        fx.commit("ingest", "bad batch");
        Commit merge = lake.merge(REPO, "ingest", "main", MergeRequest.of("publish bad batch"));
        assertThrows(LakeInvalidArgumentException.class, () -> lake.revert(REPO, "main", RevertRequest.of(merge.id())));
        lake.revert(REPO, "main", RevertRequest.of(merge.id()).parent(1));
        assertEquals(List.of("base"), fx.paths("main", ""));
        assertEquals(List.of("bad/1", "bad/2", "base"), fx.paths("ingest", ""), "the source branch is untouched");
    }

    @Test
    void revertConflictingWithALaterChangeFailsAndChangesNothing() {
        fx.put("main", "k", "1");
        Commit c1 = fx.commit("main", "one");
        fx.put("main", "k", "2");
        fx.commit("main", "two");
        Commit head = lake.getCommit(REPO, "main");
        LakeConflictException e = assertThrows(LakeConflictException.class,
                () -> lake.revert(REPO, "main", RevertRequest.of(c1.id())));
        assertEquals(List.of("k"), e.conflictingPaths());
        assertEquals(head.id(), lake.getBranch(REPO, "main").commitId());
    }

    @Test
    void revertOnADirtyBranchIsAConflict() {
        fx.put("main", "k", "1");
        Commit c1 = fx.commit("main", "one");
        fx.put("main", "dirty", "x");
        assertThrows(LakeConflictException.class, () -> lake.revert(REPO, "main", RevertRequest.of(c1.id())));
        assertEquals(c1.id(), lake.getBranch(REPO, "main").commitId());
    }

    // --- reset --------------------------------------------------------------------------------------

    @Test
    void hardResetMovesTheBranchBack() {
        fx.put("main", "a", "1");
        Commit good = fx.commit("main", "good");
        fx.put("main", "b", "2");
        fx.commit("main", "bad");
        Branch reset = lake.hardReset(REPO, "main", good.id());
        assertEquals(good.id(), reset.commitId());
        assertEquals(List.of("a"), fx.paths("main", ""));
        assertEquals(good.id(), fx.log("main").get(0).id());
    }

    @Test
    void hardResetRefusesUncommittedChanges() {
        fx.put("main", "a", "1");
        Commit c = fx.commit("main", "a");
        fx.put("main", "staged", "x");
        LakeConflictException e = assertThrows(LakeConflictException.class, () -> lake.hardReset(REPO, "main", "main~1"));
        assertTrue(e.getMessage().contains("uncommitted"), e.getMessage());
        assertEquals(c.id(), lake.getBranch(REPO, "main").commitId());
        assertEquals("x", fx.read("main", "staged"));
    }

    // --- compare-and-set: a writer changes a branch only from the head it read ---------------------------

    @Test
    void aCommitOnTopOfTheHeadItReadLands() {
        Commit read = lake.getCommit(REPO, "main");
        fx.put("main", "a", "1");
        Commit c = lake.commit(REPO, "main", CommitRequest.of("on top of what I read").onlyOnTopOf(read.id()));
        assertEquals(List.of(read.id()), c.parents());
        assertEquals(c.id(), lake.getBranch(REPO, "main").commitId());
    }

    @Test
    void aCommitExpectingAHeadThatMovedIsRefusedTypedAndChangesNothing() {
        Commit read = lake.getCommit(REPO, "main");
        fx.put("main", "theirs", "1");
        Commit theirs = fx.commit("main", "another writer got in first");
        fx.put("main", "mine", "2");
        LakeBranchMovedException e = assertThrows(LakeBranchMovedException.class,
                () -> lake.commit(REPO, "main", CommitRequest.of("mine").onlyOnTopOf(read.id())));
        assertTrue(e instanceof LakePreconditionFailedException, "a refused precondition");
        assertFalse(e.isRetryable(), "the same call can never succeed");
        assertEquals("main", e.branch());
        assertEquals(read.id(), e.expectedHead());
        assertEquals(theirs.id(), e.actualHead());
        assertNull(e.landedCommit(), "refused before committing");
        assertTrue(e.getMessage().contains(theirs.id()) && e.getMessage().contains(read.id()), e.getMessage());
        assertEquals(theirs.id(), lake.getBranch(REPO, "main").commitId());
        assertEquals(List.of("mine"), fx.uncommitted("main").stream().map(Change::path).toList(),
                "the refused commit's staged changes are still staged");
    }

    @Test
    void aResetExpectingAHeadThatMovedIsRefusedAndChangesNothing() {
        fx.put("main", "a", "1");
        Commit target = fx.commit("main", "target");
        fx.put("main", "b", "2");
        Commit planned = fx.commit("main", "the head a rollback planned from");
        fx.put("main", "c", "3");
        Commit moved = fx.commit("main", "committed after the plan");
        LakeBranchMovedException e = assertThrows(LakeBranchMovedException.class,
                () -> lake.hardReset(REPO, "main", target.id(), planned.id()));
        assertEquals(planned.id(), e.expectedHead());
        assertEquals(moved.id(), e.actualHead());
        assertEquals(moved.id(), lake.getBranch(REPO, "main").commitId());
        assertEquals(List.of("a", "b", "c"), fx.paths("main", ""));
        assertEquals(target.id(), lake.hardReset(REPO, "main", target.id(), moved.id()).commitId());
        assertEquals(List.of("a"), fx.paths("main", ""));
    }

    @Test
    void resetDiscardsAllOnePathOrAPrefix() {
        fx.put("main", "keep/a", "committed");
        fx.commit("main", "base");
        fx.put("main", "keep/a", "changed");
        fx.put("main", "x/1", "1");
        fx.put("main", "x/2", "2");
        fx.put("main", "y", "y");
        lake.resetUncommitted(REPO, "main", "y", false);
        assertEquals(List.of("keep/a", "x/1", "x/2"), fx.uncommitted("main").stream().map(Change::path).toList());
        lake.resetUncommitted(REPO, "main", "x/", true);
        assertEquals(List.of("keep/a"), fx.uncommitted("main").stream().map(Change::path).toList());
        lake.resetUncommitted(REPO, "main");
        assertEquals(List.of(), fx.uncommitted("main"));
        assertEquals("committed", fx.read("main", "keep/a"));
    }

    // --- claims: a record taken only if absent -----------------------------------------------------------

    @Test
    void ofConcurrentTakersOfAClaimExactlyOneHoldsItAndEveryoneReadsTheSameHolder() throws Exception {
        int takers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        try {
            List<Future<Claim.Holder>> answers = new ArrayList<>();
            for (int t = 0; t < takers; t++) {
                String who = "taker-" + t;
                answers.add(pool.submit(() -> new Claim(lake, REPO, "the-claim")
                        .take("main", "claimed by " + who, Map.of("who", who))));
            }
            Set<String> holders = new HashSet<>();
            for (Future<Claim.Holder> a : answers) {
                holders.add(a.get().get("who"));
            }
            assertEquals(1, holders.size(), "every taker was told the same holder: " + holders);
            Claim.Holder held = new Claim(lake, REPO, "the-claim").holder().orElseThrow();
            assertEquals(holders.iterator().next(), held.get("who"));
            assertTrue(held.since() != null);
            assertEquals(List.of("main", "the-claim"), LakeFixture.all(p -> lake.listBranches(REPO, p)).stream()
                    .map(Branch::name).toList(), "no scratch branch is left behind");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimIsHandedOverOnlyByWhoeverReadTheCurrentHolderAndIsFreeAgainOnceReleased() {
        Claim claim = new Claim(lake, REPO, "the-claim");
        assertTrue(claim.holder().isEmpty());
        Claim.Holder first = claim.take("main", "first", Map.of("who", "a"));
        assertEquals("a", claim.take("main", "second", Map.of("who", "b")).get("who"), "held: b is told a holds it");
        Claim.Holder handed = claim.handOver(first, "main", "a renamed to c", Map.of("who", "c"));
        assertEquals("c", claim.holder().orElseThrow().get("who"));
        assertThrows(LakeBranchMovedException.class, () -> claim.handOver(first, "main", "stale", Map.of("who", "d")));
        assertEquals(handed.commitId(), claim.holder().orElseThrow().commitId());
        claim.release();
        claim.release();
        assertTrue(claim.holder().isEmpty());
        assertEquals("e", claim.take("main", "after release", Map.of("who", "e")).get("who"));
    }

    // --- concurrency --------------------------------------------------------------------------------

    @Test
    void concurrentCommittersOnOneBranchLoseAndDuplicateNothing() throws Exception {
        int threads = 4;
        int rounds = 15;
        int perRound = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                done.add(pool.submit(() -> {
                    int commits = 0;
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < perRound; i++) {
                            fx.put("main", "w" + writer + "/r" + r + "/" + i, writer + ":" + r + ":" + i);
                        }
                        // another writer's commit may have taken this round's objects already
                        lake.commit(REPO, "main", new CommitRequest("w" + writer + " r" + r,
                                Map.of("writer", "w" + writer), true));
                        commits++;
                    }
                    return commits;
                }));
            }
            int commits = 0;
            for (Future<Integer> f : done) {
                commits += f.get();
            }
            List<String> paths = fx.paths("main@", "");
            assertEquals(threads * rounds * perRound, paths.size());
            assertEquals(paths.size(), new HashSet<>(paths).size());
            assertEquals(List.of(), fx.uncommitted("main"));
            List<Commit> log = fx.log("main");
            assertEquals(commits + 1, log.size(), "every commit is in the log once, plus the initial one");
            for (Commit c : log.subList(0, commits)) {
                assertTrue(c.metadata().get("writer").matches("w[0-3]"), c.metadata().toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentPutsWhileCommittingLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        fx.put("main", "p" + writer + "/" + i, "v");
                    }
                }));
            }
            Future<?> committer = pool.submit(() -> {
                while (writers.stream().anyMatch(f -> !f.isDone())) {
                    lake.commit(REPO, "main", CommitRequest.of("periodic").allowingEmpty());
                }
            });
            for (Future<?> f : writers) {
                f.get();
            }
            committer.get();
            lake.commit(REPO, "main", CommitRequest.of("final").allowingEmpty());
            Set<String> committed = new HashSet<>(fx.paths("main@", ""));
            assertEquals(200, committed.size());
        } finally {
            pool.shutdownNow();
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** Branch {@code feature} and {@code main} both change {@code path}; feature also adds a path of its own. */
    private Commit conflictOn(String path) {
        fx.put("main", path, "base");
        fx.commit("main", "base");
        lake.createBranch(REPO, "feature", "main");
        fx.put("feature", path, "feature");
        fx.put("feature", "feature-only", "only-feature");
        fx.commit("feature", "feature edit");
        fx.put("main", path, "main");
        return fx.commit("main", "main edit");
    }
}
