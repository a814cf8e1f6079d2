package io.lakesink.bench;

import io.lakesink.check.Check;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckRunner;
import io.lakesink.check.CheckType;
import io.lakesink.check.ConnectorTopics;
import io.lakesink.check.LakeCheckContext;
import io.lakesink.check.catalog.CheckTypes;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.lakefs.LakeFsTestLake;
import io.lakesink.record.ConvertedRecord;
import io.lakesink.record.ParquetRowWriter;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import io.lakesink.sql.SqlLimits;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a {@code sql} check costs as main grows (issue #16: a check's cost follows the new data). On the lakeFS test
 * server, two repositories whose main holds 10 and 10,000 small Parquet files of {@code orders} each get an ingest
 * commit of 10,000 new rows; the check is timed as the publisher runs it: a {@link LakeCheckContext} from the
 * commit's parent (the diff) and the check through {@link CheckRunner}, with a fresh scratch directory each time so
 * the new file is fetched every run. Paired runs (small, large) after a warm-up; medians are printed.
 *
 * <p>Run: {@code mvn -B -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.lakesink.bench.CheckCostBench}
 */
public final class CheckCostBench {
    private static final String TOPICS_DIR = "topics";
    private static final int SMALL = 10;
    private static final int LARGE = 10_000;
    private static final int NEW_ROWS = 10_000;
    private static final int MAIN_FILE_ROWS = 20;
    private static final int LINKS_PER_COMMIT = 2_500;
    private static final int WARM_UP = 2;
    private static final int RUNS = 7;
    private static final int RUNS_READING_MAIN = 3;
    private static final double GOAL = 1.5;

    private CheckCostBench() {
    }

    private record Fixture(String repository, Commit commit, String mainCommitId) {
    }

    private record Timing(long medianNanos, int requests) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("lakesink-bench-check-cost");
        try (LakeFsTestLake served = LakeFsTestLake.start(work.resolve("server"))) {
            System.out.printf("LakeSink check cost benchmark on the lakeFS test server: an ingest commit of %,d rows"
                    + " of orders, main holding %,d or %,d files of orders%n", NEW_ROWS, SMALL, LARGE);
            Path files = Files.createDirectories(work.resolve("files"));
            Path mainFile = parquet(files.resolve("main.parquet"), 1_000_000, MAIN_FILE_ROWS);
            Path newFile = parquet(files.resolve("new.parquet"), 0, NEW_ROWS);
            Fixture small = fixture(served, "check-cost-small", SMALL, mainFile, newFile);
            Fixture large = fixture(served, "check-cost-large", LARGE, mainFile, newFile);

            Check newRowsOnly = sqlCheck("no_free_orders", "SELECT * FROM orders WHERE amount <= 0");
            Timing[] t = pairedMedians(served, work.resolve("scratch"), newRowsOnly, small, large, RUNS);
            double ratio = (double) t[1].medianNanos() / t[0].medianNanos();
            System.out.printf("sql check '%s' (%d runs each, median; %d vs %d lakeFS requests per run)%n",
                    "SELECT * FROM orders WHERE amount <= 0", RUNS, t[0].requests(), t[1].requests());
            System.out.printf("main with %,d files: %s ms; with %,d files: %s ms; ratio Y/X = %.2f (goal <= %.1f)%s%n",
                    SMALL, millis(t[0].medianNanos()), LARGE, millis(t[1].medianNanos()), ratio, GOAL,
                    ratio <= GOAL ? "" : "  ** ABOVE THE GOAL **");

            Check readsMain = sqlCheck("no_replayed_ids",
                    "SELECT id FROM orders INTERSECT SELECT id FROM main_orders");
            Timing[] m = pairedMedians(served, work.resolve("scratch"), readsMain, small, large, RUNS_READING_MAIN);
            System.out.printf("for information, a check that reads main_orders (%s; %d runs each, median;"
                            + " %d vs %d lakeFS requests per run):%n",
                    "SELECT id FROM orders INTERSECT SELECT id FROM main_orders", RUNS_READING_MAIN, m[0].requests(),
                    m[1].requests());
            System.out.printf("main with %,d files: %s ms; with %,d files: %s ms; ratio %.2f (main's files share"
                            + " their bytes, so each is fetched once)%n", SMALL, millis(m[0].medianNanos()), LARGE,
                    millis(m[1].medianNanos()), (double) m[1].medianNanos() / m[0].medianNanos());
            Check schema = schemaCheck();
            Timing[] sc = pairedMedians(served, work.resolve("scratch"), schema, small, large, RUNS_READING_MAIN);
            System.out.printf("for information, a schema check (compares with main's last file of orders, which a"
                            + " publisher lists once and then follows by main's diff; timed here as the first, with"
                            + " the listing; %d runs each, median; %d vs %d lakeFS requests per run):%n",
                    RUNS_READING_MAIN,
                    sc[0].requests(), sc[1].requests());
            System.out.printf("main with %,d files: %s ms; with %,d files: %s ms; ratio %.2f%n", SMALL,
                    millis(sc[0].medianNanos()), LARGE, millis(sc[1].medianNanos()),
                    (double) sc[1].medianNanos() / sc[0].medianNanos());
            if (!served.violations().isEmpty()) {
                throw new IllegalStateException("requests the lakeFS API would refuse: " + served.violations());
            }
        } finally {
            deleteTree(work);
        }
    }

    /** A check built as the connector builds it: its type from the catalog, its keys validated by the type. */
    private static Check sqlCheck(String name, String sql) {
        CheckType type = CheckTypes.byName("sql");
        return type.create(name, new AbstractConfig(type.configDef(), Map.of("sql", sql)));
    }

    private static Check schemaCheck() {
        CheckType type = CheckTypes.byName("schema");
        return type.create("orders_schema", new AbstractConfig(type.configDef(), Map.of()));
    }

    /** Median nanoseconds and lakeFS requests of one check run on each fixture, in alternating pairs. */
    private static Timing[] pairedMedians(LakeFsTestLake served, Path scratchRoot, Check check, Fixture small,
                                          Fixture large, int runs) throws IOException {
        CheckRunner runner = new CheckRunner(List.of(check));
        long[][] nanos = new long[2][runs];
        int[] requests = new int[2];
        Fixture[] fixtures = {small, large};
        for (int i = -WARM_UP; i < runs; i++) {
            for (int f = 0; f < 2; f++) {
                Path scratch = Files.createDirectories(scratchRoot.resolve(f + "-" + (i + WARM_UP)));
                int before = served.requestCount();
                long start = System.nanoTime();
                Fixture fx = fixtures[f];
                LakeCheckContext context = new LakeCheckContext(served.lake(), fx.repository(),
                        fx.commit().parents().get(0), fx.commit(), fx.mainCommitId(), TOPICS_DIR, scratch,
                        SqlLimits.DEFAULTS, ConnectorTopics.of(Map.of("topics", "orders")));
                CheckResult result = runner.run(context).get(0);
                long took = System.nanoTime() - start;
                if (!result.passed()) {
                    throw new IllegalStateException("the benchmark's check should pass: " + result);
                }
                requests[f] = served.requestCount() - before;
                if (i >= 0) {
                    nanos[f][i] = took;
                }
                deleteTree(scratch);
            }
        }
        return new Timing[] {new Timing(median(nanos[0]), requests[0]), new Timing(median(nanos[1]), requests[1])};
    }

    /**
     * A repository whose main holds {@code mainFiles} files of orders (one file's bytes linked at many paths, in a
     * few commits, through the server's own lake), and an ingest branch one commit ahead holding {@code newFile}.
     */
    private static Fixture fixture(LakeFsTestLake served, String repository, int mainFiles, Path mainFile,
                                   Path newFile) throws IOException {
        long start = System.nanoTime();
        VersionedLake backing = served.backing();
        backing.createRepository(repository, "main");
        UploadedObject bytes = upload(backing, repository, "main", mainFile);
        int partitions = 4;
        List<LinkRequest> links = new ArrayList<>();
        for (int i = 0; i < mainFiles; i++) {
            int p = i % partitions;
            links.add(LinkRequest.of(path(p, (long) (i / partitions) * MAIN_FILE_ROWS), bytes));
            if (links.size() == LINKS_PER_COMMIT || i == mainFiles - 1) {
                backing.linkPhysicalAddresses(repository, "main", links);
                backing.commit(repository, "main", CommitRequest.of("main: " + (i + 1) + " files of orders"));
                links.clear();
            }
        }
        backing.createBranch(repository, "ingest", "main");
        long next = (long) ((mainFiles + partitions - 1) / partitions) * MAIN_FILE_ROWS;
        backing.linkPhysicalAddresses(repository, "ingest", List.of(LinkRequest.of(path(0, next),
                upload(backing, repository, "ingest", newFile))));
        backing.commit(repository, "ingest", CommitRequest.of(NEW_ROWS + " new rows of orders"));
        VersionedLake lake = served.lake();
        Fixture fixture = new Fixture(repository, lake.getCommit(repository, "ingest"),
                lake.getCommit(repository, "main").id());
        System.out.printf("  built %s: main holds %,d files of orders (%,d ms)%n", repository, mainFiles,
                (System.nanoTime() - start) / 1_000_000);
        return fixture;
    }

    private static UploadedObject upload(VersionedLake lake, String repository, String branch, Path file)
            throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return lake.writePhysical(repository, lake.getPhysicalAddress(repository, branch, "bench"), in);
        }
    }

    private static String path(int partition, long offset) {
        return String.format("%s/orders/partition=%d/orders+%d+%012d.parquet", TOPICS_DIR, partition, partition,
                offset);
    }

    /** {@code rows} orders with ids from {@code firstId}, every amount positive, written with LakeSink's writer. */
    private static Path parquet(Path file, long firstId, int rows) throws IOException {
        RecordConverter converter = new RecordConverter(RowLayout.DEFAULT);
        ParquetRowWriter writer = null;
        for (long i = 0; i < rows; i++) {
            Map<String, Object> row = Map.of("id", firstId + i, "amount", 1 + i % 500, "customer", "c" + i % 97);
            SinkRecord r = new SinkRecord("orders", 0, null, null, null, row, i, 1_700_000_000_000L + i,
                    TimestampType.CREATE_TIME);
            ConvertedRecord converted = converter.convert(r, writer == null ? null : writer.schema());
            if (writer == null) {
                writer = ParquetRowWriter.open(file, converted.schema(), ParquetSettings.DEFAULT);
            }
            writer.write(converted);
        }
        writer.finish();
        return file;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String millis(long nanos) {
        return String.format("%,.0f", nanos / 1e6);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
