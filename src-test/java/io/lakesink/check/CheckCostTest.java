package io.lakesink.check;

import io.lakesink.check.catalog.CheckTypes;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Page;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.sql.SqlLimits;
import org.apache.kafka.common.config.AbstractConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #16: a check's cost follows the new data. Each check runs on a {@link LakeCheckContext} over an embedded lake
 * whose main holds few or many files of the topics, through a lake that records every call (and serves objects as a
 * remote lake does, so every file a check reads is a counted download). What a check asks of the lake must be the
 * same however big main is, unless the check reads main.
 */
class CheckCostTest {
    private static final int FEW = 12;
    private static final int MANY = 40;
    private static final String NEW_FILE = "topics/orders/partition=0/orders+0+000099999999.parquet";

    @TempDir
    Path dir;
    private EmbeddedLake lake;
    private Fixture few;
    private Fixture many;

    private record Fixture(String repository, Commit commit, String mainCommitId) {
    }

    @BeforeEach
    void twoRepositoriesThatDifferOnlyInTheSizeOfMain() throws Exception {
        lake = EmbeddedLake.open(dir.resolve("lake"));
        few = fixture("few", FEW);
        many = fixture("many", MANY);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    @Test
    void checksThatDoNotReadMainAskTheSameOfTheLakeHoweverBigMainIs() {
        Map<String, Check> checks = new java.util.LinkedHashMap<>();
        checks.put("sql on the new rows", check("sql", "sql", "SELECT * FROM orders WHERE amount <= 0"));
        checks.put("sql with a threshold", check("sql", "sql", "SELECT count(*) FROM orders", "threshold", "1",
                "operator", ">="));
        checks.put("sql on one topic", check("sql", "sql", "SELECT * FROM orders WHERE amount <= 0", "topic",
                "orders"));
        // customers has no new rows: an empty view with the columns of one of main's files, whatever main holds
        checks.put("sql naming a topic without new rows", check("sql", "sql", "WITH c AS (SELECT * FROM customers)"
                + " SELECT o.* FROM orders o JOIN c ON o.id = c.id WHERE o.amount <= 0"));
        checks.put("row-count", check("row-count", "min", "1"));
        checks.put("not-null", check("not-null", "columns", "id,amount"));
        checks.put("freshness", check("freshness", "max.age.ms", Long.toString(Long.MAX_VALUE / 2)));
        checks.forEach((what, check) -> {
            List<String> onFew = callsOf(few, check);
            List<String> onMany = callsOf(many, check);
            assertEquals(onFew, onMany, what + " asks more of the lake when main holds more files");
            assertTrue(onMany.stream().filter(c -> c.startsWith("getObject main")).count() <= 1,
                    what + " fetches more than one of main's files: " + onMany);
            assertTrue(onMany.contains("getObject commit " + NEW_FILE), what + " reads the new rows: " + onMany);
        });
        assertTrue(callsOf(many, checks.get("sql on the new rows")).stream().noneMatch(c -> c.contains(" main ")),
                "a query of the new rows alone never asks about main");
    }

    @Test
    void theSchemaCheckFetchesOneOfMainsFilesAndAQueryOfMainReadsThemAll() {
        Check schema = check("schema");
        for (Fixture f : List.of(few, many)) {
            List<String> calls = callsOf(f, schema);
            assertEquals(1, calls.stream().filter(c -> c.startsWith("getObject main")).count(), calls.toString());
        }
        Check readsMain = check("sql", "sql", "SELECT id FROM orders INTERSECT SELECT id FROM main_orders");
        // the counting works: a query of main_orders fetches every one of main's files
        assertEquals(FEW, callsOf(few, readsMain).stream().filter(c -> c.startsWith("getObject main")).count());
        assertEquals(MANY, callsOf(many, readsMain).stream().filter(c -> c.startsWith("getObject main")).count());
    }

    /** Once it has listed main, the schema check's "last file of the topic" follows main by the diff of its heads. */
    @Test
    void mainsLastFileFollowedByDiffsIsTheOneAListingFinds() throws Exception {
        String repo = many.repository();
        String orders = "topics/orders/";
        MainLastFiles followed = new MainLastFiles();
        List<String> calls = new ArrayList<>();
        VersionedLake recorded = recording(calls, Map.of());
        UploadedObject bytes = upload(repo, FileCheckContext.parquet(dir.resolve("more.parquet"), "orders",
                List.of(Map.of("id", 9L, "amount", 9L))));
        String later = "topics/orders/partition=0/orders+0+000000000500.parquet";
        List<Runnable> changes = List.of(
                () -> { },
                () -> lake.linkPhysicalAddresses(repo, "main", List.of(LinkRequest.of(later, bytes),
                        LinkRequest.of("topics/orders/partition=0/zz-not-parquet.json", bytes))),
                () -> lake.deleteObject(repo, "main", "topics/orders/partition=0/orders+0+000000000003.parquet"),
                () -> lake.putObject(repo, "main", "_lakesink/other", new java.io.ByteArrayInputStream(new byte[2]),
                        null),
                () -> lake.deleteObject(repo, "main", later));
        for (int step = 0; step < changes.size(); step++) {
            changes.get(step).run();
            if (step > 0) {
                lake.commit(repo, "main", CommitRequest.of("step " + step));
            }
            String head = lake.getCommit(repo, "main").id();
            calls.clear();
            ObjectStats last = followed.last(recorded, repo, head, orders).orElseThrow();
            ObjectStats listed = new MainLastFiles().last(lake, repo, head, orders).orElseThrow();
            assertEquals(listed.path(), last.path(), "step " + step);
            assertEquals(listed.checksum(), last.checksum(), "step " + step);
            boolean relisted = calls.stream().anyMatch(c -> c.startsWith("listObjects"));
            // listed the first time, and again only when the file it knew is gone
            assertEquals(step == 0 || step == changes.size() - 1, relisted, "step " + step + ": " + calls);
        }
    }

    private static Check check(String type, String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        CheckType t = CheckTypes.byName(type);
        return t.create(type, new AbstractConfig(t.configDef(), props));
    }

    /** The lake calls of one run of {@code check} as the publisher runs it, refs named by their role. */
    private List<String> callsOf(Fixture f, Check check) {
        List<String> calls = new ArrayList<>();
        Map<String, String> roles = Map.of(f.mainCommitId(), "main", f.commit().id(), "commit",
                f.commit().parents().get(0), "parent");
        Path scratch;
        try {
            scratch = Files.createTempDirectory(dir, "scratch");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LakeCheckContext context = new LakeCheckContext(recording(calls, roles), f.repository(),
                f.commit().parents().get(0), f.commit(), f.mainCommitId(), "topics", scratch, SqlLimits.DEFAULTS,
                ConnectorTopics.of(Map.of("topics", "orders,customers")));
        CheckResult result = new CheckRunner(List.of(check)).run(context).get(0);
        assertTrue(result.passed(), result.toString());
        return calls;
    }

    /**
     * The embedded lake, recording each call as "method role [path] -> items" and serving objects as a remote lake
     * does (no {@code file:} address), so that every file a check reads is a {@code getObject}.
     */
    private VersionedLake recording(List<String> calls, Map<String, String> roles) {
        return (VersionedLake) Proxy.newProxyInstance(VersionedLake.class.getClassLoader(),
                new Class<?>[] {VersionedLake.class}, (proxy, method, args) -> {
                    Object out;
                    try {
                        out = method.invoke(lake, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    StringBuilder call = new StringBuilder(method.getName());
                    for (int i = 1; args != null && i < args.length; i++) {
                        if (args[i] instanceof String s) {
                            call.append(' ').append(roles.getOrDefault(s, s.startsWith("topics/") && s.endsWith(
                                    ".parquet") && !s.equals(NEW_FILE) ? "<main's file>" : s));
                        }
                    }
                    if (out instanceof Page<?> page) {
                        call.append(" -> ").append(page.items().size());
                        out = new Page<>(page.items().stream().map(CheckCostTest::remote).toList(), page.hasMore(),
                                page.nextOffset());
                    } else if (out instanceof ObjectStats stats) {
                        out = remote(stats);
                    }
                    calls.add(call.toString());
                    return out;
                });
    }

    private static Object remote(Object item) {
        return item instanceof ObjectStats o ? new ObjectStats(o.path(), "remote://" + o.checksum(), o.checksum(),
                o.sizeBytes(), o.mtime(), o.contentType(), o.userMetadata()) : item;
    }

    /**
     * Main holds {@code mainFiles} files of orders (each its own bytes) and as many of customers; the ingest commit
     * on top adds one file of orders and none of customers.
     */
    private Fixture fixture(String repository, int mainFiles) throws Exception {
        lake.createRepository(repository, "main");
        List<LinkRequest> links = new ArrayList<>();
        UploadedObject customers = upload(repository, FileCheckContext.parquet(dir.resolve(repository + "-c.parquet"),
                "customers", List.of(Map.of("id", 1L, "email", "a@b.c"))));
        for (int i = 0; i < mainFiles; i++) {
            Path file = FileCheckContext.parquet(dir.resolve(repository + "-" + i + ".parquet"), "orders",
                    List.of(Map.of("id", 1_000L + i, "amount", 5L)));
            links.add(LinkRequest.of(String.format("topics/orders/partition=0/orders+0+%012d.parquet", i),
                    upload(repository, file)));
            links.add(LinkRequest.of(String.format("topics/customers/partition=0/customers+0+%012d.parquet", i),
                    customers));
        }
        lake.linkPhysicalAddresses(repository, "main", links);
        lake.commit(repository, "main", CommitRequest.of("main"));
        lake.createBranch(repository, "ingest", "main");
        // main moves on (as a merge would): its head is not the checked commit's parent
        lake.putObject(repository, "main", "_lakesink/note", new java.io.ByteArrayInputStream(new byte[] {1}), null);
        lake.commit(repository, "main", CommitRequest.of("a note"));
        Path fresh = FileCheckContext.parquet(dir.resolve(repository + "-new.parquet"), "orders",
                List.of(Map.of("id", 1L, "amount", 3L), Map.of("id", 2L, "amount", 4L)));
        lake.linkPhysicalAddresses(repository, "ingest", List.of(LinkRequest.of(NEW_FILE, upload(repository, fresh))));
        Commit commit = lake.commit(repository, "ingest", CommitRequest.of("new orders"));
        return new Fixture(repository, commit, lake.getCommit(repository, "main").id());
    }

    private UploadedObject upload(String repository, Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return lake.writePhysical(repository, lake.getPhysicalAddress(repository, "main", "upload"), in);
        }
    }
}
