package io.lakesink.lake.embedded;

import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.MergeRequest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * A child process for the crash and multi-process tests: stages objects whose content is their own path, commits
 * them to {@code ingest}, merges to {@code main} and hard-resets {@code scratch}, in a loop, printing a line per
 * commit so the parent knows it is busy. Usage: {@code CommitLoop <lake dir> <writer name> <iterations> <seed>}.
 */
public final class CommitLoop {
    static final String REPO = "crash";

    private CommitLoop() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String writer = args[1];
        int iterations = Integer.parseInt(args[2]);
        Random random = new Random(Long.parseLong(args[3]));
        try (EmbeddedLake lake = EmbeddedLake.open(dir)) {
            ensureLayout(lake);
            for (int i = 0; i < iterations; i++) {
                int count = objectsIn(random);
                for (int j = 0; j < count; j++) {
                    String path = writer + "/" + i + "/" + j;
                    lake.putObject(REPO, "ingest", path, new ByteArrayInputStream(path.getBytes(StandardCharsets.UTF_8)),
                            "text/plain");
                }
                // Another writer's commit may already have taken these objects: an empty commit keeps the count.
                lake.commit(REPO, "ingest", new CommitRequest("iteration " + i + " of " + writer,
                        Map.of("writer", writer, "iteration", Integer.toString(i)), true));
                System.out.println("committed " + writer + " " + i);
                System.out.flush();
                if (i % 3 == 2) {
                    try {
                        lake.merge(REPO, "ingest", "main", MergeRequest.of("publish " + i));
                    } catch (LakeInvalidArgumentException nothingNew) {
                        // the other writer merged it already
                    }
                }
                if (i % 5 == 4) {
                    lake.hardReset(REPO, "scratch", i % 10 == 4 ? "ingest" : "main");
                }
            }
        }
    }

    /** How many objects iteration {@code i} stages and commits, for a writer started with {@code seed}. */
    static int[] objectCounts(long seed, int iterations) {
        Random random = new Random(seed);
        int[] counts = new int[iterations];
        for (int i = 0; i < iterations; i++) {
            counts[i] = objectsIn(random);
        }
        return counts;
    }

    /** The loop's only use of its random numbers, so that the parent can replay the counts from the seed. */
    private static int objectsIn(Random random) {
        return 1 + random.nextInt(20);
    }

    private static void ensureLayout(EmbeddedLake lake) {
        try {
            lake.createRepository(REPO, "main");
        } catch (LakeConflictException exists) {
            // created by an earlier run or by the other writer
        }
        for (String branch : new String[] {"ingest", "scratch"}) {
            try {
                lake.createBranch(REPO, branch, "main");
            } catch (LakeConflictException exists) {
                // likewise
            }
        }
    }
}
