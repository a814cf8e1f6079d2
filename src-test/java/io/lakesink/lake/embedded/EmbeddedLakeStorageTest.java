package io.lakesink.lake.embedded;

import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.ChecksumMismatchException;
import io.lakesink.lake.LakeIntegrityException;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LocalCopies;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LakeUnavailableException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.PageRequest;
import io.lakesink.lake.Pages;
import io.lakesink.lake.UploadedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the embedded backend promises: shared ranges, persistence, and clear errors about its directory. */
class EmbeddedLakeStorageTest {
    /** Enough objects for a tree of several index pages. */
    private static final int OBJECTS = 3 * Tree.RANGE_BOUNDARY_ODDS * Tree.PAGE_BOUNDARY_ODDS;

    @TempDir
    Path dir;

    @Test
    void commitRewritesOnlyTheRangesItsChangeTouches() throws Exception {
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("repo", "main");
            UploadedObject bytes = upload(lake, "x");
            link(lake, "main", "a/", OBJECTS, bytes);
            Commit big = lake.commit("repo", "main", CommitRequest.of(OBJECTS + " objects"));
            long rangesBefore = countRows("ranges");
            long pagesBefore = countRows("meta_ranges");

            link(lake, "main", "b/", 100, bytes);
            Commit small = lake.commit("repo", "main", CommitRequest.of("100 more"));
            long written = countRows("ranges") - rangesBefore;

            // the new paths fill the tail range and cut it at their own boundaries: a few ranges, never the tree
            assertTrue(written <= 3, "a 100-object change in one prefix rewrote " + written + " ranges");
            assertTrue(refsOf(big.metaRangeId()).size() >= 2, "the tree should span several index pages");
            assertTrue(countRows("meta_ranges") - pagesBefore <= 3,
                    "the change should rewrite the last index page or two and the root, not every page");
            Set<String> shared = new HashSet<>(rangeIds(big.metaRangeId()));
            shared.retainAll(rangeIds(small.metaRangeId()));
            assertTrue(shared.size() >= OBJECTS / Tree.RANGE_BOUNDARY_ODDS / 2,
                    "the new commit shares only " + shared.size() + " ranges with its parent");
            assertEquals(OBJECTS + 100, countObjects(lake, "main"));
        }
    }

    @Test
    void mergeSharesTheUntouchedRangesOfTheDestination() throws Exception {
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("repo", "main");
            UploadedObject bytes = upload(lake, "x");
            link(lake, "main", "a/", 10_000, bytes);
            lake.commit("repo", "main", CommitRequest.of("base"));
            lake.createBranch("repo", "ingest", "main");
            link(lake, "ingest", "z/", 50, bytes);
            Commit ingest = lake.commit("repo", "ingest", CommitRequest.of("new files"));
            long before = countRows("ranges");
            Commit merge = lake.merge("repo", "ingest", "main", MergeRequest.of("publish"));
            assertEquals(0, countRows("ranges") - before, "the merge wrote ranges it did not need to");
            assertEquals(ingest.metaRangeId(), merge.metaRangeId(),
                    "the same content must give the same tree, whatever history built it");
            assertEquals(10_050, countObjects(lake, "main"));
            assertEquals(2, merge.parents().size());
        }
    }

    @Test
    void sameContentBuiltInDifferentOrdersGivesTheSameTree() throws Exception {
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("repo", "main");
            lake.createBranch("repo", "other", "main");
            UploadedObject bytes = upload(lake, "x");
            link(lake, "main", "p/", 5_000, bytes);
            Commit once = lake.commit("repo", "main", CommitRequest.of("all at once"));
            for (int part = 0; part < 5; part++) {
                List<LinkRequest> links = new ArrayList<>();
                for (int i = part; i < 5_000; i += 5) {
                    links.add(LinkRequest.of(String.format("p/file-%06d", i), bytes));
                }
                lake.linkPhysicalAddresses("repo", "other", links);
                lake.commit("repo", "other", CommitRequest.of("interleaved part " + part));
            }
            link(lake, "other", "q/", 300, bytes);
            lake.commit("repo", "other", CommitRequest.of("extra"));
            lake.resetUncommitted("repo", "other");
            for (int i = 0; i < 300; i++) {
                lake.deleteObject("repo", "other", String.format("q/file-%06d", i));
            }
            Commit interleaved = lake.commit("repo", "other", CommitRequest.of("remove extra"));
            // entries linked at other times differ in mtime, so compare where ranges and pages begin and end
            assertEquals(shape(once.metaRangeId()), shape(interleaved.metaRangeId()));
            assertEquals(0, lake.diff("repo", "main", "other", "", PageRequest.first()).items().size());
        }
    }

    @Test
    void everythingCommittedSurvivesReopening() throws Exception {
        String commitId;
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("repo", "main");
            lake.putObject("repo", "main", "k", stream("kept"), "text/plain");
            commitId = lake.commit("repo", "main", CommitRequest.of("one", Map.of("kafka.offsets", "{}"))).id();
            lake.putObject("repo", "main", "staged", stream("staged"), "text/plain");
        }
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            assertEquals(commitId, lake.getBranch("repo", "main").commitId());
            assertEquals("{}", lake.getCommit("repo", commitId).metadata().get("kafka.offsets"));
            assertEquals("kept", read(lake, "main", "k"));
            assertEquals("staged", read(lake, "main", "staged"), "staged changes are durable too");
        }
    }

    @Test
    void aWriterHeldUpByAnotherProcessFailsAsRetryableAndChangesNothing() throws Exception {
        EmbeddedLakeOptions impatient = EmbeddedLakeOptions.defaults().withLockTimeout(Duration.ofMillis(200));
        try (EmbeddedLake lake = EmbeddedLake.open(dir, impatient)) {
            lake.createRepository("repo", "main");
            lake.putObject("repo", "main", "a", stream("1"), null);
            String head = lake.getBranch("repo", "main").commitId();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(EmbeddedLake.DATABASE_FILE));
                 Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                LakeUnavailableException e = assertThrows(LakeUnavailableException.class,
                        () -> lake.commit("repo", "main", CommitRequest.of("blocked")));
                assertTrue(e.isRetryable());
                assertTrue(e.getMessage().contains("locked"), e.getMessage());
                s.execute("ROLLBACK");
            }
            assertEquals(head, lake.getBranch("repo", "main").commitId(), "the failed commit changed the branch");
            lake.commit("repo", "main", CommitRequest.of("after the lock is gone"));
            assertEquals("1", read(lake, "main@", "a"));
        }
    }

    @Test
    void missingLakeIsNotFoundWhenCreationIsOff() {
        Path missing = dir.resolve("nowhere");
        LakeNotFoundException e = assertThrows(LakeNotFoundException.class,
                () -> EmbeddedLake.open(missing, EmbeddedLakeOptions.defaults().withCreateIfMissing(false)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(Files.notExists(missing), "a failed open must not create the directory");
    }

    @Test
    void corruptDatabaseIsReportedAsNotALake() throws IOException {
        Files.writeString(dir.resolve(EmbeddedLake.DATABASE_FILE), "this is not a database, just some text".repeat(100));
        LakeIntegrityException e = assertThrows(LakeIntegrityException.class, () -> EmbeddedLake.open(dir));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("not a LakeSink lake"), e.getMessage());
    }

    @Test
    void bytesChangedOnDiskAreRefusedWithBothChecksumsAndTheirLastBytesAreNeverServed() throws Exception {
        byte[] content = new byte[200_000]; // several buffers' worth, so the check spans more than one read
        new java.util.Random(7).nextBytes(content);
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("repo", "main");
            lake.putObject("repo", "main", "t/a.parquet", new ByteArrayInputStream(content), null);
            lake.putObject("repo", "main", "t/intact.parquet", new ByteArrayInputStream(content), null);
            Commit c = lake.commit("repo", "main", CommitRequest.of("two objects"));
            ObjectStats stats = lake.statObject("repo", c.id(), "t/a.parquet");
            Path file = Path.of(java.net.URI.create(stats.physicalAddress()));
            byte[] damaged = content.clone();
            damaged[123_456] ^= 0x01; // one bit, same size: nothing but the checksum can tell
            Files.write(file, damaged);

            byte[] served = new byte[content.length];
            int delivered = 0;
            ChecksumMismatchException e;
            try (var in = lake.getObject("repo", c.id(), "t/a.parquet")) {
                e = assertThrows(ChecksumMismatchException.class, in::readAllBytes);
            }
            try (var in = lake.getObject("repo", c.id(), "t/a.parquet")) {
                int b;
                try {
                    while ((b = in.read()) != -1) {
                        served[delivered++] = (byte) b;
                    }
                } catch (ChecksumMismatchException expected) {
                    // the byte-at-a-time path must fail the same way
                }
            }
            assertTrue(delivered < content.length, "the whole damaged object was served before the failure");
            assertFalse(e.isRetryable());
            assertEquals("t/a.parquet", e.path());
            assertEquals(c.id(), e.ref());
            assertEquals(stats.checksum(), e.expected());
            assertEquals(io.lakesink.lake.ObjectChecksums.of(file), e.actual());
            assertTrue(e.getMessage().contains("t/a.parquet") && e.getMessage().contains(c.id())
                    && e.getMessage().contains(e.expected()) && e.getMessage().contains(e.actual()), e.getMessage());

            ChecksumMismatchException local = assertThrows(ChecksumMismatchException.class,
                    () -> LocalCopies.of(lake, "repo", "main", stats, dir.resolve("scratch")));
            assertEquals(e.actual(), local.actual());

            try (var in = lake.getObject("repo", "main", "t/intact.parquet")) {
                assertArrayEquals(content, in.readAllBytes(), "intact bytes are served whole");
            }
            ObjectStats intact = lake.statObject("repo", "main", "t/intact.parquet");
            assertEquals(Path.of(java.net.URI.create(intact.physicalAddress())),
                    LocalCopies.of(lake, "repo", "main", intact, dir.resolve("scratch")));
        }
    }

    @Test
    void anEmptyObjectIsVerifiedToo() throws Exception {
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("repo", "main");
            ObjectStats empty = lake.putObject("repo", "main", "empty", stream(""), null);
            assertEquals("", read(lake, "main", "empty"));
            Files.writeString(Path.of(java.net.URI.create(empty.physicalAddress())), "x");
            assertThrows(ChecksumMismatchException.class, () -> read(lake, "main", "empty"));
        }
    }

    @Test
    void aLostDatabaseIsRefusedNotReplacedByANewLake() throws Exception {
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("repo", "main");
            lake.putObject("repo", "main", "kept", stream("history"), null);
            lake.commit("repo", "main", CommitRequest.of("history worth keeping"));
        }
        Files.move(dir.resolve(EmbeddedLake.DATABASE_FILE), dir.resolve("lake.db.aside"));
        for (EmbeddedLakeOptions options : List.of(EmbeddedLakeOptions.defaults(),
                EmbeddedLakeOptions.defaults().withCreateIfMissing(false))) {
            LakeIntegrityException e = assertThrows(LakeIntegrityException.class, () -> EmbeddedLake.open(dir, options));
            assertTrue(e.getMessage().contains("[repo]") && e.getMessage().contains("lake.db is missing")
                    && e.getMessage().contains("Restore lake.db") && e.getMessage().contains("empty directory"),
                    e.getMessage());
            assertFalse(Files.exists(dir.resolve(EmbeddedLake.DATABASE_FILE)), "a refused open created a database");
        }
        Files.move(dir.resolve("lake.db.aside"), dir.resolve(EmbeddedLake.DATABASE_FILE));
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            assertEquals("history", read(lake, "main", "kept"), "restoring lake.db brings the lake back");
        }
    }

    @Test
    void aDatabaseThatDoesNotKnowTheRepositoriesOfTheObjectsIsRefused() throws Exception {
        Path other = dir.resolve("other");
        try (EmbeddedLake lake = EmbeddedLake.open(dir.resolve("lake"))) {
            lake.createRepository("repo", "main");
            lake.putObject("repo", "main", "kept", stream("history"), null);
        }
        try (EmbeddedLake empty = EmbeddedLake.open(other)) {
            empty.createRepository("unrelated", "main");
        }
        // a database from elsewhere (a wrong backup, a fresh lake) copied over the lost one
        Files.copy(other.resolve(EmbeddedLake.DATABASE_FILE), dir.resolve("lake").resolve(EmbeddedLake.DATABASE_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LakeIntegrityException e = assertThrows(LakeIntegrityException.class,
                () -> EmbeddedLake.open(dir.resolve("lake")));
        assertTrue(e.getMessage().contains("[repo]") && e.getMessage().contains("does not know them"), e.getMessage());
        try (EmbeddedLake lake = EmbeddedLake.open(other)) {
            assertEquals(1, lake.listRepositories().size(), "a lake whose objects are all known opens");
        }
    }

    @Test
    void aPathThatCannotBeCreatedIsRefusedAsNotRetryable() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        for (Path bad : List.of(file.resolve("lake"), dir.resolve("x".repeat(300)))) {
            LakeInvalidArgumentException e = assertThrows(LakeInvalidArgumentException.class,
                    () -> EmbeddedLake.open(bad));
            assertFalse(e.isRetryable(), e.getMessage());
            assertTrue(e.getMessage().contains("cannot create the embedded lake directory"), e.getMessage());
        }
        assertFalse(assertThrows(LakeInvalidArgumentException.class, () -> EmbeddedLake.open(file)).isRetryable());
    }

    @Test
    void aDamagedPageOfTheDatabaseIsReportedAsCorruptAndNotRetryable() throws Exception {
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("repo", "main");
            lake.putObject("repo", "main", "a", stream("1"), null);
            lake.commit("repo", "main", CommitRequest.of("one"));
        }
        long page;
        long pageSize;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(EmbeddedLake.DATABASE_FILE));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 'meta_ranges'")) {
                rs.next();
                page = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getLong(1);
            }
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve(EmbeddedLake.DATABASE_FILE).toFile(),
                "rw")) {
            f.seek((page - 1) * pageSize);
            f.write(new byte[(int) pageSize]); // zeros: a page lost in a torn write
        }
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            LakeIntegrityException e = assertThrows(LakeIntegrityException.class,
                    () -> lake.listObjects("repo", "main", "", PageRequest.first()));
            assertFalse(e.isRetryable());
            assertTrue(e.getMessage().contains("SQLITE_CORRUPT") && e.getMessage().contains("damaged"), e.getMessage());
        }
    }

    @Test
    void pathsOutsideTheBasicPlaneKeepOneOrderInStagingAndCommits() throws Exception {
        List<String> paths = List.of("p/\uFB01le", "p/\uD83D\uDE00face", "p/plain", "p/\u00e9t\u00e9");
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            lake.createRepository("repo", "main");
            for (String p : paths) {
                lake.putObject("repo", "main", p, stream(p), null);
            }
            List<String> staged = listPaths(lake, "main");
            lake.commit("repo", "main", CommitRequest.of("unicode"));
            lake.putObject("repo", "main", "p/plain2", stream("x"), null);
            List<String> mixed = listPaths(lake, "main");
            assertEquals(staged, listPaths(lake, "main@"));
            assertEquals(paths.size() + 1, mixed.size(), "a path was lost or doubled when merging staged and committed");
        }
    }

    private static UploadedObject upload(EmbeddedLake lake, String content) {
        return lake.writePhysical("repo", lake.getPhysicalAddress("repo", "main", "bytes"), stream(content));
    }

    private static void link(EmbeddedLake lake, String branch, String prefix, int count, UploadedObject bytes) {
        List<LinkRequest> links = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            links.add(LinkRequest.of(String.format("%sfile-%06d", prefix, i), bytes));
        }
        lake.linkPhysicalAddresses("repo", branch, links);
    }

    private static long countObjects(EmbeddedLake lake, String ref) {
        return listPaths(lake, ref).size();
    }

    private static List<String> listPaths(EmbeddedLake lake, String ref) {
        return Pages.all(p -> lake.listObjects("repo", ref, "", p)).stream().map(io.lakesink.lake.ObjectStats::path)
                .toList();
    }

    private long countRows(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(EmbeddedLake.DATABASE_FILE));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Key bounds and sizes of every page and range of a tree: its shape, apart from the entries' contents. */
    private List<String> shape(String metaRangeId) throws SQLException {
        List<String> shape = new ArrayList<>();
        for (RangeRef page : refsOf(metaRangeId)) {
            shape.add("page " + page.minKey() + ".." + page.maxKey() + " " + page.count());
            refsOf(page.id()).forEach(r -> shape.add(r.minKey() + ".." + r.maxKey() + " " + r.count()));
        }
        return shape;
    }

    /** Ids of the ranges under a commit's meta-range (root, then index pages). */
    private List<String> rangeIds(String metaRangeId) throws SQLException {
        List<String> ids = new ArrayList<>();
        for (RangeRef page : refsOf(metaRangeId)) {
            refsOf(page.id()).forEach(r -> ids.add(r.id()));
        }
        return ids;
    }

    private List<RangeRef> refsOf(String metaRangeId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(EmbeddedLake.DATABASE_FILE));
             var ps = c.prepareStatement("SELECT data FROM meta_ranges WHERE id = ?")) {
            ps.setString(1, metaRangeId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "meta-range " + metaRangeId + " is missing");
                return Codec.decodeMetaRange(rs.getBytes(1));
            }
        }
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(EmbeddedLake lake, String ref, String path) throws IOException {
        try (var in = lake.getObject("repo", ref, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
