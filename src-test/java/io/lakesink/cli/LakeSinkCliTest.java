package io.lakesink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.MergeStrategy;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.publish.PublishMetadata;
import io.lakesink.rollback.RollbackLease;
import io.lakesink.rollback.RollbackLog;
import io.lakesink.rollback.SinkBranches;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI against a real embedded lake laid out as the sink lays it out (ingest commits with kafka.offsets, merges
 * to main with their check results), Parquet written by DuckDB: exit codes and messages for every bad input, and
 * the read commands' output.
 */
class LakeSinkCliTest {
    private static final String REPO = "events";
    private static final String TOPIC = "orders";

    @TempDir
    Path dir;

    private EmbeddedLake lake;
    private Path lakeDir;
    private Path config;
    private OffsetMap offsets = OffsetMap.EMPTY;
    private final List<Commit> published = new ArrayList<>();

    @BeforeEach
    void layOutASinksLake() throws Exception {
        lakeDir = dir.resolve("lake");
        lake = EmbeddedLake.open(lakeDir);
        lake.createRepository(REPO, "main");
        lake.createBranch(REPO, "ingest", "main");
        config = dir.resolve("sink.json");
        Files.writeString(config, "{\"name\":\"orders-sink\",\"config\":{\"lake.embedded.path\":\""
                + lakeDir.toString().replace("\\", "\\\\") + "\",\"lake.repository\":\"" + REPO + "\","
                + "\"kafka.bootstrap.servers\":\"127.0.0.1:9\",\"topics\":\"orders\"}}");
        publish(0, 10, false);
        publish(10, 20, false);
        publish(20, 30, true);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    /** One ingest commit with offsets [from, to) of orders-0, merged to main as the publisher does. */
    private void publish(int from, int to, boolean bad) throws Exception {
        publish(from, to, bad, true);
    }

    /** Likewise; without {@code withFile}, for a file already staged on ingest. */
    private void publish(int from, int to, boolean bad, boolean withFile) throws Exception {
        Commit c = withFile ? ingest(from, to, bad) : commitIngest(from, to);
        Map<String, String> md = new LinkedHashMap<>();
        md.put(CommitMetadata.KAFKA_OFFSETS, offsets.toJson());
        md.put(PublishMetadata.SOURCE, c.id());
        md.put(PublishMetadata.CHECKS, "[{\"name\":\"row-count\",\"outcome\":\"passed\",\"figure\":10,\"message\":\"ok\"}]");
        published.add(lake.merge(REPO, c.id(), "main", new MergeRequest("Publish " + c.id(), md, MergeStrategy.FAIL,
                false)));
    }

    /** One ingest commit with offsets [from, to) of orders-0, rows written by DuckDB, not published. */
    private Commit ingest(int from, int to, boolean bad) throws Exception {
        Path file = dir.resolve("orders-" + from + ".parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS id, " + bad + " AS bad, 0 AS _kafka_partition, i::BIGINT AS _kafka_offset"
                    + " FROM range(" + from + ", " + to + ") t(i)) TO '" + file + "' (FORMAT parquet)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            lake.putObject(REPO, "ingest", "topics/orders/partition=0/orders+0+" + from + ".parquet", in, null);
        }
        return commitIngest(from, to);
    }

    private Commit commitIngest(int from, int to) {
        offsets = offsets.with(new TopicPartition(TOPIC, 0), to);
        return lake.commit(REPO, "ingest", CommitRequest.of("ingest " + from, Map.of(
                CommitMetadata.KAFKA_OFFSETS, offsets.toJson(), CommitMetadata.RECORDS, Integer.toString(to - from))));
    }

    record Result(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\nout:\n" + out + "\nerr:\n" + err;
        }
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakeSinkCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Result refused(String expected, String... args) {
        String mainBefore = lake.getCommit(REPO, "main").id();
        String ingestBefore = lake.getCommit(REPO, "ingest").id();
        Result r = cli(args);
        assertEquals(1, r.exit, r.all());
        assertTrue(r.err.contains(expected), "expected '" + expected + "' in:\n" + r.all());
        assertEquals(mainBefore, lake.getCommit(REPO, "main").id(), "main unchanged");
        assertEquals(ingestBefore, lake.getCommit(REPO, "ingest").id(), "ingest unchanged");
        return r;
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : List.of(new String[] {"--help"}, new String[] {"log", "--help"},
                new String[] {"status", "--help"}, new String[] {"publish", "--help"}, new String[] {"rollback", "--help"}, new String[] {"mark-bad", "--help"},
                new String[] {"revert", "--help"}, new String[] {"branch", "--help"},
                new String[] {"branch", "reset", "--help"}, new String[] {"query", "--help"}, new String[] {"ls", "--help"},
                new String[] {"cat", "--help"}, new String[] {"export", "--help"}, new String[] {"compact", "--help"},
                new String[] {"gc", "--help"})) {
            Result r = cli(command);
            assertEquals(0, r.exit, String.join(" ", command) + "\n" + r.all());
            assertTrue(r.out.contains("Usage: lakesink"), r.out);
        }
        assertTrue(cli("rollback", "--help").out.contains("--to-offset"));
    }

    @Test
    void rollbackRefusesBadInputWithAClearMessageAndChangesNothing() {
        String c = config.toString();
        refused("no commit covers offset 500 of orders-0", "rollback", "-c", c, "--to-offset", "orders:0:500");
        refused("holds any offset of orders-7", "rollback", "-c", c, "--to-offset", "orders:7:0");
        refused("no commit 'deadbeef'", "rollback", "-c", c, "--to-commit", "deadbeef");
        lake.createBranch(REPO, "elsewhere", "main");
        lake.putObject(REPO, "elsewhere", "x", new ByteArrayInputStream(new byte[] {1}), null);
        Commit side = lake.commit(REPO, "elsewhere", CommitRequest.of("side"));
        refused("is not an ancestor of 'main'", "rollback", "-c", c, "--to-commit", side.id());
        refused("--reason", "rollback", "-c", c, "--to-offset", "orders:0:20", "--yes");
        refused("--to-offset, --to-commit or --last-good", "rollback", "-c", c);
        refused("is not past where ingestion resumes", "rollback", "-c", c, "--to-offset", "orders:0:20",
                "--skip-to-offset", "orders:0:15");
        refused("no commit on 'main' is marked bad", "rollback", "-c", c, "--last-good");
        refused("no embedded lake at", "rollback", "--lake-path", dir.resolve("nope").toString(), "--repository", REPO,
                "--to-offset", "orders:0:1");
        refused("cannot reach the Kafka Connect REST API", "rollback", "-c", c, "--to-offset", "orders:0:20", "--yes",
                "--reason", "x", "--accept-data-loss", "--connect-url", "http://127.0.0.1:9");

        Result syntax = cli("rollback", "-c", c, "--to-offset", "orders:x:1");
        assertEquals(2, syntax.exit, syntax.all());
        assertTrue(syntax.err.contains("topic:partition:offset"), syntax.err);
        Result twoTargets = cli("rollback", "-c", c, "--to-offset", "orders:0:1", "--last-good");
        assertEquals(2, twoTargets.exit, twoTargets.all());
        assertTrue(new RollbackLog(new SinkBranches(lake, REPO, "main", "ingest")).entries().isEmpty(),
                "nothing recorded");
    }

    @Test
    void aRollbackIsRefusedWhileAnotherHoldsTheLeaseAndALeaseLeftBeforeAnyStartCanBeBroken() {
        String c = config.toString();
        SinkBranches b = new SinkBranches(lake, REPO, "main", "ingest");
        new RollbackLease(b).take("r-alice", "alice");
        Result r = refused("rollback r-alice by alice", "rollback", "-c", c, "--to-offset", "orders:0:20", "--yes",
                "--reason", "x", "--accept-data-loss", "--connect-url", "http://127.0.0.1:9");
        assertTrue(r.err.contains(RollbackLease.BRANCH) && r.err.contains("--break-lease r-alice")
                && !r.err.contains("cannot reach"), "refused before touching the connector: " + r.err);
        refused("does not hold the rollback lease", "rollback", "-c", c, "--break-lease", "r-bob");
        Result broken = cli("rollback", "-c", c, "--break-lease", "r-alice");
        assertEquals(0, broken.exit, broken.all());
        assertTrue(broken.out.contains("Removed the rollback lease of rollback r-alice"), broken.out);
        assertTrue(new RollbackLease(b).holder().isEmpty());
        refused("cannot reach the Kafka Connect REST API", "rollback", "-c", c, "--to-offset", "orders:0:20", "--yes",
                "--reason", "x", "--accept-data-loss", "--connect-url", "http://127.0.0.1:9");
        assertTrue(new RollbackLease(b).holder().isEmpty(), "a rollback that could not stop the connector gives the"
                + " lease up");
    }

    @Test
    void dryRunPrintsThePlanAsJson() throws Exception {
        Result r = cli("rollback", "-c", config.toString(), "--to-offset", "orders:0:20", "--json",
                "--bootstrap-servers", "127.0.0.1:9");
        assertEquals(0, r.exit, r.all());
        assertTrue(r.err.contains("cannot check Kafka retention"), "an unknown retention is said: " + r.err);
        JsonNode plan = new ObjectMapper().readTree(r.out.substring(0, r.out.indexOf("Dry run")));
        assertEquals(published.get(2).id(), plan.at("/main/from").asText());
        assertEquals(published.get(1).id(), plan.at("/main/to").asText());
        assertEquals(20, plan.at("/removedFromMain/0/from").asLong());
        assertEquals(30, plan.at("/removedFromMain/0/to").asLong());
        assertEquals(20, plan.at("/resumeOffsets/orders/0").asLong());
        assertEquals(1, plan.at("/filesRemoved").asInt());
        assertEquals(published.get(2).id(), lake.getCommit(REPO, "main").id(), "a dry run changes nothing");
    }

    @Test
    void lastGoodFollowsMarksAndFailedChecks() throws Exception {
        Result mark = cli("mark-bad", "-c", config.toString(), published.get(1).id(), "--reason", "wrong currency");
        assertEquals(0, mark.exit, mark.all());
        Result r = cli("rollback", "-c", config.toString(), "--last-good", "--json", "--bootstrap-servers",
                "127.0.0.1:9");
        assertEquals(0, r.exit, r.all());
        JsonNode plan = new ObjectMapper().readTree(r.out.substring(0, r.out.indexOf("Dry run")));
        assertEquals(published.get(0).id(), plan.at("/main/to").asText(), "before the oldest bad commit");
        assertEquals(1, cli("mark-bad", "-c", config.toString(), "nope", "--reason", "x").exit);
    }

    @Test
    void lastGoodGoesBackBeforeTheOldestBadCommitPastAGoodOneBetweenBadOnes() throws Exception {
        publish(30, 40, false);
        // main: first commit, published 0 (good), 1 (bad), 2 (good), 3 (bad)
        assertEquals(0, cli("mark-bad", "-c", config.toString(), published.get(1).id(), "--reason", "wrong currency")
                .exit);
        assertEquals(0, cli("mark-bad", "-c", config.toString(), published.get(3).id(), "--reason", "wrong again")
                .exit);
        Result r = cli("rollback", "-c", config.toString(), "--last-good", "--json", "--bootstrap-servers",
                "127.0.0.1:9");
        assertEquals(0, r.exit, r.all());
        JsonNode plan = new ObjectMapper().readTree(r.out.substring(0, r.out.indexOf("Dry run")));
        assertEquals(published.get(0).id(), plan.at("/main/to").asText(),
                "the good commit between the bad ones still holds the older bad one's rows");
        assertEquals(List.of(published.get(3).id(), published.get(2).id(), published.get(1).id()),
                new ObjectMapper().convertValue(plan.get("undoneOnMain"), List.class));
        assertEquals(10, plan.at("/resumeOffsets/orders/0").asLong(), "ingestion resumes after published 0");
    }

    @Test
    void logShowsOffsetsRecordsAndChecks() throws Exception {
        Result r = cli("log", "-c", config.toString());
        assertEquals(0, r.exit, r.all());
        String[] lines = r.out.split("\n");
        assertTrue(lines[0].startsWith("COMMIT"), r.out);
        assertTrue(lines[2].contains("orders[0:30]") && lines[2].contains("1 passed"), r.out);
        Result ingest = cli("log", "ingest", "-c", config.toString(), "--json");
        JsonNode commits = new ObjectMapper().readTree(ingest.out);
        assertEquals("10", commits.get(0).get("records").asText());
        assertEquals(30, commits.get(0).at("/offsets/orders/0").asLong());
        assertEquals(4, commits.size(), "three ingest commits and the first commit");
    }

    @Test
    void queryLsExportAndCatReadARef() throws Exception {
        Result q = cli("query", "main", "SELECT count(*) AS n, sum(id) AS ids FROM orders", "-c", config.toString());
        assertEquals(0, q.exit, q.all());
        assertTrue(q.out.contains("30") && q.out.contains("435") && q.out.contains("(1 row)"), q.out);
        Result old = cli("query", published.get(0).id(), "SELECT count(*) AS n FROM orders", "-c", config.toString(),
                "--json");
        assertEquals(10, new ObjectMapper().readTree(old.out).get(0).get("n").asLong());
        Result badSql = cli("query", "main", "SELECT * FROM nope", "-c", config.toString());
        assertEquals(1, badSql.exit);
        assertTrue(badSql.err.contains("views: orders"), badSql.err);

        Result ls = cli("ls", "main", "topics/", "-c", config.toString());
        assertEquals(2 + 3, ls.out.lines().count(), "header, rule and three files:\n" + ls.out);
        Path out = dir.resolve("export");
        Result export = cli("export", "main", out.toString(), "-c", config.toString());
        assertEquals(0, export.exit, export.all());
        assertTrue(Files.exists(out.resolve("topics/orders/partition=0/orders+0+20.parquet")));

        lake.putObject(REPO, "main", "notes/readme.txt", new ByteArrayInputStream("hello lake".getBytes(
                StandardCharsets.UTF_8)), "text/plain");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertEquals(0, cli("cat", "main", "notes/readme.txt", "-c", config.toString()).exit);
        } finally {
            System.setOut(stdout);
        }
        assertEquals("hello lake", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void queryRunsOneReadOnlyStatementInASandbox() throws Exception {
        Path written = dir.resolve("written.csv");
        for (String hostile : List.of("COPY (SELECT 1) TO '" + written + "'", "INSTALL httpfs", "LOAD httpfs",
                "ATTACH '" + dir.resolve("x.db") + "'", "SET enable_external_access = true", "CREATE TABLE t (i INT)",
                "SELECT count(*) FROM orders; COPY orders TO '" + written + "'", "SELEC 1")) {
            Result r = cli("query", "main", hostile, "-c", config.toString());
            assertEquals(2, r.exit, hostile + "\n" + r.all());
            assertTrue(r.err.contains("SQL refused"), r.all());
        }
        assertFalse(Files.exists(written));
        assertFalse(Files.exists(dir.resolve("x.db")));

        Path secret = dir.resolve("shadow");
        Files.writeString(secret, "root:$6$secret-hash-4711:19000:0:99999:7:::\n");
        for (String reaching : List.of("SELECT * FROM read_csv('" + secret + "')",
                "SELECT * FROM read_text('" + secret + "')", "SELECT * FROM glob('/*')",
                "SELECT * FROM read_parquet('" + dir + "/**/*.parquet')", "SELECT getenv('HOME')")) {
            Result r = cli("query", "main", reaching, "-c", config.toString());
            assertEquals(1, r.exit, reaching + "\n" + r.all());
            assertFalse(r.all().contains("secret-hash-4711"), r.all());
            assertFalse(r.err.contains("Attempting to execute"), "DuckDB's own message, not the driver's: " + r.err);
        }
        Result limited = cli("query", "main", "SELECT current_setting('threads') AS t, current_setting('memory_limit') AS m",
                "-c", config.toString(), "--threads", "1", "--memory-limit", "100MB", "--json");
        assertEquals(0, limited.exit, limited.all());
        assertTrue(limited.out.contains("\"t\" : 1") || limited.out.contains("\"t\":1"), limited.out);
        assertTrue(limited.out.contains("MiB"), limited.out);
        assertEquals(2, cli("query", "main", "SELECT 1", "-c", config.toString(), "--memory-limit", "lots").exit);
    }

    @Test
    void aDamagedObjectIsNeitherQueriedNorExportedNorCatAndVerifyNamesIt() throws Exception {
        assertEquals(0, cli("verify", "-c", config.toString()).exit, "an intact lake verifies");
        String damagedPath = "topics/orders/partition=0/orders+0+10.parquet";
        io.lakesink.lake.ObjectStats o = lake.statObject(REPO, "main", damagedPath);
        Path file = Path.of(java.net.URI.create(o.physicalAddress()));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(file, bytes);

        Result verify = cli("verify", "-c", config.toString());
        assertEquals(1, verify.exit, verify.all());
        assertTrue(verify.out.contains(damagedPath) && verify.out.contains(o.checksum()), verify.all());
        assertTrue(verify.out.contains("2 intact, 1 damaged"), verify.all());
        assertTrue(verify.err.contains("main: verified 3/3 objects"), verify.all());
        Result all = cli("verify", "--all", "-c", config.toString());
        assertEquals(1, all.exit, all.all());
        assertTrue(all.out.contains("of ingest, main"), "every branch head, each file read once:\n" + all.all());
        assertEquals(0, cli("verify", published.get(0).id(), "-c", config.toString()).exit,
                "the first commit does not hold the damaged object");
        Result both = cli("verify", "main", "--all", "-c", config.toString());
        assertTrue(both.exit == 1 && both.err.contains("not both"), both.all());

        Result q = cli("query", "main", "SELECT count(*) AS n FROM orders", "-c", config.toString());
        assertEquals(1, q.exit, q.all());
        assertTrue(q.err.contains(damagedPath) && q.err.contains("damaged"), q.all());
        Path out = dir.resolve("export");
        Result export = cli("export", "main", out.toString(), "-c", config.toString());
        assertEquals(1, export.exit, export.all());
        assertTrue(export.err.contains(damagedPath) && export.err.contains(o.checksum()), export.all());
        try (var left = Files.walk(out)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("orders+0+10")),
                    "the damaged object was left in the export");
        }

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        Result cat;
        try {
            cat = cli("cat", "main", damagedPath, "-c", config.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(1, cat.exit, cat.all());
        assertTrue(captured.size() < bytes.length, "cat served the whole damaged object");
    }

    @Test
    void verifyWithHistoryFindsDamageInAnObjectTheHeadNoLongerShows() throws Exception {
        io.lakesink.lake.ObjectStats gone = lake.putObject(REPO, "ingest", "tmp/old.bin",
                new ByteArrayInputStream("bytes a rollback could bring back".getBytes(StandardCharsets.UTF_8)), null);
        lake.commit(REPO, "ingest", CommitRequest.of("add"));
        lake.deleteObject(REPO, "ingest", "tmp/old.bin");
        lake.commit(REPO, "ingest", CommitRequest.of("remove"));
        Files.writeString(Path.of(java.net.URI.create(gone.physicalAddress())), "BYTES a rollback could bring back");

        assertEquals(0, cli("verify", "ingest", "-c", config.toString()).exit, "the head does not show it");
        Result history = cli("verify", "ingest", "--history", "-c", config.toString());
        assertEquals(1, history.exit, history.all());
        assertTrue(history.out.contains("tmp/old.bin") && history.out.contains(gone.checksum())
                && history.out.contains("commit(s) of their history"), history.all());
    }

    @Test
    void revertAndBranchResetChangeOnlyWhatTheySay() {
        lake.putObject(REPO, "ingest", "stray/file", new ByteArrayInputStream(new byte[] {1}), null);
        Result reset = cli("branch", "reset", "ingest", "-c", config.toString());
        assertEquals(0, reset.exit, reset.all());
        assertTrue(reset.out.contains("Discarded 1 uncommitted change(s) on ingest"), reset.out);

        Result revert = cli("revert", published.get(2).id(), "-c", config.toString(), "--reason", "bad batch");
        assertEquals(0, revert.exit, revert.all());
        Commit head = lake.getCommit(REPO, "main");
        assertEquals(published.get(2).id(), head.parents().get(0));
        assertTrue(lake.listObjects(REPO, "main", "topics/orders/partition=0/orders+0+20", io.lakesink.lake.PageRequest
                .first()).items().isEmpty(), "the reverted commit's file is gone from main");
        assertEquals(2, lake.listObjects(REPO, "main", "topics/", io.lakesink.lake.PageRequest.first()).items().size());
    }

    @Test
    void compactAndGcDryRunsShowWhatTheyWouldDoAndChangeNothing() {
        Commit main = lake.getCommit(REPO, "main");
        Result plan = cli("compact", "--dry-run", "-c", config.toString());
        assertEquals(0, plan.exit, plan.all());
        assertTrue(plan.out.contains("topics/orders/partition=0: 3 files") && plan.out.contains("-> 1 file")
                && plan.out.contains("Dry run: nothing changed."), plan.out);
        Result few = cli("compact", "--dry-run", "--min-small-files", "3", "-c", config.toString());
        assertEquals(0, few.exit, few.all());
        assertTrue(few.out.contains("Nothing to compact"), few.out);
        Result gc = cli("gc", "--dry-run", "--retention", "0s", "-c", config.toString());
        assertEquals(0, gc.exit, gc.all());
        assertTrue(gc.out.contains("Would delete 0 object file(s)"), gc.out);
        Result week = cli("gc", "--dry-run", "--retention", "7d", "-c", config.toString());
        assertEquals(0, week.exit, week.all());
        assertEquals(main.id(), lake.getCommit(REPO, "main").id());
        assertEquals(3, lake.listObjects(REPO, "main", "topics/", io.lakesink.lake.PageRequest.first()).items().size());
    }

    @Test
    void compactRewritesTheSinksSmallFilesInOneIngestCommitThatMovesNoOffset() throws Exception {
        for (int batch = 0; batch < 3; batch++) {
            Path file = dir.resolve("clicks-" + batch + ".parquet");
            io.lakesink.record.RecordConverter converter = new io.lakesink.record.RecordConverter(
                    io.lakesink.record.RowLayout.DEFAULT);
            io.lakesink.record.ParquetRowWriter writer = null;
            for (int i = 0; i < 10; i++) {
                long offset = batch * 10L + i;
                var row = converter.convert(new org.apache.kafka.connect.sink.SinkRecord("clicks", 0, null, null,
                        null, Map.of("id", offset), offset), writer == null ? null : writer.schema());
                if (writer == null) {
                    writer = io.lakesink.record.ParquetRowWriter.open(file, row.schema(),
                            io.lakesink.record.ParquetSettings.DEFAULT);
                }
                writer.write(row);
            }
            writer.finish();
            try (InputStream in = Files.newInputStream(file)) {
                lake.putObject(REPO, "ingest", "topics/clicks/partition=0/clicks+0+" + batch + ".parquet", in, null);
            }
            publish(30 + batch * 10, 40 + batch * 10, false, false);
        }
        Commit ingestBefore = lake.getCommit(REPO, "ingest");
        Commit mainBefore = lake.getCommit(REPO, "main");

        Result r = cli("compact", "--connector-stopped", "--min-small-files", "2", "-c", config.toString());
        assertEquals(0, r.exit, r.all());
        assertTrue(r.out.contains("Compacted: 3 small file(s) rewritten as 1 (30 rows, unchanged)"), r.out);
        Commit compaction = lake.getCommit(REPO, "ingest");
        assertEquals(ingestBefore.id(), compaction.parents().get(0));
        assertEquals(ingestBefore.metadata().get(CommitMetadata.KAFKA_OFFSETS),
                compaction.metadata().get(CommitMetadata.KAFKA_OFFSETS), "no offset moves");
        assertTrue(compaction.metadata().containsKey(CommitMetadata.COMPACTION));
        assertEquals(mainBefore.id(), lake.getCommit(REPO, "main").id(), "main moves only by the publisher");
        assertEquals(1, lake.listObjects(REPO, "ingest", "topics/clicks/", io.lakesink.lake.PageRequest.first())
                .items().size());
        assertEquals(3, lake.listObjects(REPO, "ingest", "topics/orders/", io.lakesink.lake.PageRequest.first())
                .items().size(), "files another writer wrote are left as they are");

        Result again = cli("compact", "--connector-stopped", "-c", config.toString());
        assertEquals(1, again.exit, again.all());
        assertTrue(again.err.contains("ingest holds commits main does not yet"), again.err);
    }

    @Test
    void publishByHandMergesWhatPassesAndStopsAtAFailedCheckWithoutTouchingIngest() throws Exception {
        Path full = dir.resolve("full.json");
        Files.writeString(full, "{\"name\":\"orders-sink\",\"config\":{"
                + "\"connector.class\":\"io.lakesink.connect.LakeSinkConnector\",\"topics\":\"orders\","
                + "\"lake.embedded.path\":\"" + lakeDir.toString().replace("\\", "\\\\") + "\","
                + "\"lake.repository\":\"" + REPO + "\",\"kafka.bootstrap.servers\":\"127.0.0.1:9\","
                + "\"publish.enabled\":\"false\",\"checks\":\"no_bad\",\"checks.no_bad.type\":\"sql\","
                + "\"checks.no_bad.sql\":\"SELECT id FROM orders WHERE bad\",\"checks.on.failure\":\"quarantine\"}}");
        lake.revert(REPO, "main", io.lakesink.lake.RevertRequest.of(published.get(2).id()).parent(1));
        Commit good = ingest(30, 40, false);
        Commit bad = ingest(40, 50, true);
        Commit ingestHead = lake.getCommit(REPO, "ingest");

        Result r = cli("publish", "-c", full.toString());
        assertEquals(1, r.exit, r.all());
        assertTrue(r.out.contains("Published: main moved"), r.all());
        assertTrue(r.err.contains("checks failed on ingest commit " + bad.id()) && r.err.contains("no_bad"), r.err);
        Commit main = lake.getCommit(REPO, "main");
        assertEquals(good.id(), main.metadata().get(PublishMetadata.SOURCE), "published up to the last good commit");
        assertEquals(ingestHead.id(), lake.getCommit(REPO, "ingest").id(), "ingest untouched: no quarantine by hand");

        lake.revert(REPO, "ingest", io.lakesink.lake.RevertRequest.of(bad.id()));
        Result again = cli("publish", "-c", full.toString());
        assertEquals(0, again.exit, again.all());
        Result nothing = cli("publish", "-c", full.toString());
        assertEquals(0, nothing.exit, nothing.all());
        assertTrue(nothing.out.contains("Nothing published"), nothing.out);
        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, "{\"lake.embedded.path\":\"" + lakeDir.toString().replace("\\", "\\\\")
                + "\",\"lake.repository\":\"" + REPO + "\",\"checks\":\"no_bad\"}");
        Result incomplete = cli("publish", "-c", partial.toString());
        assertEquals(1, incomplete.exit, incomplete.all());
        assertTrue(incomplete.err.contains("publish needs the connector's whole config"), incomplete.err);
    }

    @Test
    void statusShowsHeadsAndWhatIsNotOnMainYet() throws Exception {
        lake.putObject(REPO, "ingest", "topics/orders/partition=0/more.parquet", new ByteArrayInputStream(new byte[] {1}),
                null);
        lake.commit(REPO, "ingest", CommitRequest.of("ingest 30", Map.of(CommitMetadata.KAFKA_OFFSETS,
                offsets.with(new TopicPartition(TOPIC, 0), 42).toJson())));
        new io.lakesink.publish.AuditLog(lake, REPO, "main").append(PublishMetadata.CHECK_FAILED, "checks failed",
                Map.of(PublishMetadata.FAILED_COMMIT, "c0ffee", PublishMetadata.FAILURE_ACTION, "halt",
                        PublishMetadata.CHECKS, "[{\"name\":\"not-null\",\"outcome\":\"failed\",\"message\":\"3 nulls\"}]"));
        Result text = cli("status", "-c", config.toString(), "--connect-url", "http://127.0.0.1:9");
        assertTrue(text.out.contains("publishing did halt: 1 failed: not-null (3 nulls)"), text.all());
        Result r = cli("status", "-c", config.toString(), "--connect-url", "http://127.0.0.1:9", "--json");
        assertEquals(0, r.exit, r.all());
        JsonNode s = new ObjectMapper().readTree(r.out);
        assertEquals(12, s.get("notYetOnMain").asLong());
        assertEquals(42, s.at("/ingest/offsets/orders/0").asLong());
        assertEquals(30, s.at("/main/offsets/orders/0").asLong());
        assertTrue(s.at("/connector/state").asText().startsWith("unknown: cannot reach"), r.out);
        assertEquals("c0ffee", s.at("/lastCheckFailure/commit").asText());
    }
}
