package io.lakesink.lake.embedded;

import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Several processes on one lake, and processes killed with SIGKILL in the middle of commits, merges and resets. */
class EmbeddedLakeProcessTest {
    private static final String REPO = CommitLoop.REPO;
    /** More than a killed child can do before it dies (it runs under a second). */
    private static final int MAX_ITERATIONS_BEFORE_KILL = 100_000;

    @TempDir
    Path dir;

    @Test
    void killedWritersLeaveEveryBranchAtACompleteCommit() throws Exception {
        long seed = Long.getLong("lakesink.crash.seed", System.nanoTime());
        System.out.println("crash test seed: " + seed + " (replay with -Dlakesink.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        int kills = 20;
        Map<String, int[]> counts = new HashMap<>();
        Map<String, Integer> acknowledged = new HashMap<>();
        for (int round = 0; round < kills; round++) {
            String writer = "w" + round;
            long childSeed = random.nextLong();
            counts.put(writer, CommitLoop.objectCounts(childSeed, MAX_ITERATIONS_BEFORE_KILL));
            Process child = startLoop(writer, MAX_ITERATIONS_BEFORE_KILL, childSeed);
            AtomicInteger acked = new AtomicInteger();
            Thread drain = awaitFirstCommit(child, acked);
            Thread.sleep(50 + random.nextInt(700));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
            drain.join(10_000);
            acknowledged.put(writer, acked.get());
            try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
                for (String branch : List.of("main", "ingest", "scratch")) {
                    verifyHead(lake, branch, round);
                }
            }
        }
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            verifyEveryCommit(lake, "main");
            Map<String, Integer> committed = verifyEveryIngestCommitWhole(lake, counts);
            for (int round = 0; round < kills; round++) {
                String writer = "w" + round;
                int acked = acknowledged.get(writer);
                int made = committed.getOrDefault(writer, 0);
                // a commit the child printed is durable; one more may have landed between the commit and its print
                assertTrue(made == acked || made == acked + 1, writer + " printed " + acked + " commits and the lake"
                        + " holds " + made);
            }
        }
    }

    @Test
    void twoProcessesCommittingToOneBranchLoseNothing() throws Exception {
        int iterations = 40;
        Process a = startLoop("a", iterations, 1);
        Process b = startLoop("b", iterations, 2);
        for (Process p : List.of(a, b)) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a writer did not finish");
            if (p.exitValue() != 0) {
                fail("writer failed: " + out + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            Map<String, Integer> expected = new TreeMap<>();
            for (var writer : Map.of("a", 1L, "b", 2L).entrySet()) {
                int[] counts = CommitLoop.objectCounts(writer.getValue(), iterations);
                for (int i = 0; i < iterations; i++) {
                    expected.put(writer.getKey() + "/" + i, counts[i]);
                }
            }
            Map<String, Integer> actual = new TreeMap<>();
            for (ObjectStats o : listAll(lake, "ingest")) {
                String[] parts = o.path().split("/");
                actual.merge(parts[0] + "/" + parts[1], 1, Integer::sum);
                assertEquals(o.path(), read(lake, "ingest", o.path()));
            }
            assertEquals(expected, actual, "objects per writer/iteration, as the seeds 1 and 2 draw them");
            List<Commit> log = logOf(lake, "ingest");
            assertEquals(2 * iterations + 1, log.size(), "every commit of both writers, plus the initial one");
        }
    }

    private Process startLoop(String writer, int iterations, long seed) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CommitLoop.class.getName(), dir.toString(), writer, Integer.toString(iterations), Long.toString(seed))
                .redirectErrorStream(false).start();
    }

    /** Waits for the child's first commit, then counts the commits it prints (on a thread, returned) until it dies. */
    private static Thread awaitFirstCommit(Process child, AtomicInteger acknowledged) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("committed")) {
            fail("the child never committed: " + new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        acknowledged.incrementAndGet();
        // keep draining so the child never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                String next;
                while ((next = out.readLine()) != null) {
                    if (next.startsWith("committed")) {
                        acknowledged.incrementAndGet();
                    }
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        drain.setDaemon(true);
        drain.start();
        return drain;
    }

    /**
     * Each ingest commit holds its iteration whole: exactly the objects the writer's seed says it staged. Anything
     * else a commit took is what a killed writer staged for an iteration it never committed, and only a prefix of
     * that (objects are staged one by one). Returns the number of commits per writer, after checking that they are
     * its iterations 0, 1, 2... without a gap.
     */
    private static Map<String, Integer> verifyEveryIngestCommitWhole(VersionedLake lake, Map<String, int[]> counts)
            throws IOException {
        Map<String, Integer> commitsPerWriter = new HashMap<>();
        Map<String, Set<String>> leftovers = new HashMap<>();
        List<Commit> oldestFirst = new ArrayList<>(logOf(lake, "ingest"));
        Collections.reverse(oldestFirst);
        for (Commit c : oldestFirst) {
            if (c.parents().isEmpty()) {
                continue;
            }
            String writer = c.metadata().get("writer");
            int iteration = Integer.parseInt(c.metadata().get("iteration"));
            assertEquals(commitsPerWriter.getOrDefault(writer, 0), iteration, writer + "'s commits skip an iteration");
            commitsPerWriter.merge(writer, 1, Integer::sum);
            Map<String, Set<String>> added = new TreeMap<>();
            for (Change ch : Pages.all(p -> lake.diff(REPO, c.parents().get(0), c.id(), "", p))) {
                assertEquals(Change.Type.ADDED, ch.type(), "the loop only adds objects: " + ch);
                assertEquals(ch.path(), read(lake, c.id(), ch.path()));
                String[] parts = ch.path().split("/");
                added.computeIfAbsent(parts[0] + "/" + parts[1], k -> new TreeSet<>()).add(ch.path());
            }
            String own = writer + "/" + iteration;
            assertEquals(objects(own, counts.get(writer)[iteration]), added.remove(own),
                    "commit " + c.id() + " holds iteration " + own + " whole");
            leftovers.putAll(added);
        }
        leftovers.forEach((iteration, paths) -> {
            String writer = iteration.split("/")[0];
            int i = Integer.parseInt(iteration.split("/")[1]);
            assertEquals(commitsPerWriter.getOrDefault(writer, 0), i,
                    "only a killed writer's uncommitted iteration is taken by another writer: " + iteration);
            assertEquals(objects(iteration, paths.size()), paths, "staged one by one: a prefix of " + iteration);
            assertTrue(paths.size() <= counts.get(writer)[i], "more objects than " + iteration + " staged: " + paths);
        });
        return commitsPerWriter;
    }

    private static Set<String> objects(String iteration, int count) {
        Set<String> paths = new TreeSet<>();
        for (int j = 0; j < count; j++) {
            paths.add(iteration + "/" + j);
        }
        return paths;
    }

    private static void verifyHead(VersionedLake lake, String branch, int round) throws IOException {
        Commit head = lake.getCommit(REPO, branch + "@");
        for (ObjectStats o : listAll(lake, branch + "@")) {
            assertEquals(o.path(), read(lake, head.id(), o.path()),
                    "round " + round + ": object of the head of " + branch + " unreadable");
        }
    }

    /** Every object added by every commit is readable with the content it was written with. */
    private static void verifyEveryCommit(VersionedLake lake, String branch) throws IOException {
        for (Commit c : logOf(lake, branch)) {
            if (c.parents().isEmpty()) {
                continue;
            }
            for (Change ch : Pages.all(p -> lake.diff(REPO, c.parents().get(0), c.id(), "", p))) {
                assertEquals(Change.Type.ADDED, ch.type(), "the loop only adds objects: " + ch);
                assertEquals(ch.path(), read(lake, c.id(), ch.path()));
            }
        }
    }

    private static List<Commit> logOf(VersionedLake lake, String ref) {
        return Pages.all(p -> lake.log(REPO, ref, p));
    }

    private static List<ObjectStats> listAll(VersionedLake lake, String ref) {
        return Pages.all(p -> lake.listObjects(REPO, ref, "", p));
    }

    private static String read(VersionedLake lake, String ref, String path) throws IOException {
        try (var in = lake.getObject(REPO, ref, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
