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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Several processes on one lake, and processes killed with SIGKILL in the middle of commits, merges and resets. */
class EmbeddedLakeProcessTest {
    private static final String REPO = CommitLoop.REPO;

    @TempDir
    Path dir;

    @Test
    void killedWritersLeaveEveryBranchAtACompleteCommit() throws Exception {
        long seed = Long.getLong("lakesink.crash.seed", System.nanoTime());
        System.out.println("crash test seed: " + seed + " (replay with -Dlakesink.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        int kills = 20;
        for (int round = 0; round < kills; round++) {
            Process child = startLoop("w" + round, 1_000_000, random.nextLong());
            awaitFirstCommit(child);
            Thread.sleep(50 + random.nextInt(700));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
            try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
                for (String branch : List.of("main", "ingest", "scratch")) {
                    verifyHead(lake, branch, round);
                }
            }
        }
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            int commits = verifyEveryCommit(lake, "ingest") + verifyEveryCommit(lake, "main");
            assertTrue(commits > kills, "the children made only " + commits + " commits in " + kills + " rounds");
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
            Set<String> iterationsSeen = new HashSet<>();
            for (ObjectStats o : listAll(lake, "ingest")) {
                String[] parts = o.path().split("/");
                iterationsSeen.add(parts[0] + "/" + parts[1]);
                assertEquals(o.path(), read(lake, "ingest", o.path()));
            }
            assertEquals(2 * iterations, iterationsSeen.size(), "objects of some iterations are missing");
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

    private static void awaitFirstCommit(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("committed")) {
            fail("the child never committed: " + new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        // keep draining so the child never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    private static void verifyHead(VersionedLake lake, String branch, int round) throws IOException {
        Commit head = lake.getCommit(REPO, branch + "@");
        for (ObjectStats o : listAll(lake, branch + "@")) {
            assertEquals(o.path(), read(lake, head.id(), o.path()),
                    "round " + round + ": object of the head of " + branch + " unreadable");
        }
    }

    /** Every object added by every commit is readable with the content it was written with. */
    private static int verifyEveryCommit(VersionedLake lake, String branch) throws IOException {
        List<Commit> log = logOf(lake, branch);
        for (Commit c : log) {
            if (c.parents().isEmpty()) {
                continue;
            }
            for (Change ch : Pages.all(p -> lake.diff(REPO, c.parents().get(0), c.id(), "", p))) {
                assertEquals(Change.Type.ADDED, ch.type(), "the loop only adds objects: " + ch);
                assertEquals(ch.path(), read(lake, c.id(), ch.path()));
            }
        }
        return log.size();
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
