package io.lakesink.bench;

import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.embedded.EmbeddedLake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Commit, merge and metadata lookup on a small and a large repository in one run: the embedded lake promises
 * that their cost follows the size of the change, so the ratio large/small should stay near 1 (goal: at most 2).
 */
@Command(name = "lake", mixinStandardHelpOptions = true,
        description = "Benchmarks the embedded lake: commit and merge of a 100-object change into a small and a"
                + " large repository, head-commit lookups and bulk staging.")
public final class LakeBench implements Callable<Integer> {
    private static final int CHANGE = 100;
    private static final int PARTITIONS = 16;

    @Option(names = "--small", description = "objects in the small repository (default: ${DEFAULT-VALUE})")
    int small = 1_000;

    @Option(names = "--large", description = "objects in the large repository (default: ${DEFAULT-VALUE})")
    int large = 1_000_000;

    @Option(names = "--repetitions", description = "timed runs per measurement; the median is printed"
            + " (default: ${DEFAULT-VALUE})")
    int repetitions = 15;

    @Option(names = "--dir", description = "working directory, deleted afterwards (default: a temporary one)")
    Path dir;

    private final List<String[]> rows = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("lakesink-bench");
        System.out.printf("LakeSink lake benchmark: %,d vs %,d objects, %d-object changes, median of %d runs%n",
                small, large, CHANGE, repetitions);
        try (EmbeddedLake lake = EmbeddedLake.open(work.resolve("lake"))) {
            Repo s = build(lake, "small", small);
            Repo l = build(lake, "large", large);
            for (boolean scattered : new boolean[] {false, true}) {
                String kind = scattered ? "scattered over " + PARTITIONS + " partitions" : "in one partition";
                compare("commit of " + CHANGE + " new objects " + kind,
                        commit(lake, s, scattered), commit(lake, l, scattered));
            }
            compare("merge of a " + CHANGE + "-object commit into main", merge(lake, s), merge(lake, l));
            compare("100 lookups of the head commit's metadata", lookup(lake, s), lookup(lake, l));
            printTable();
            System.out.printf("%nbulk staging (linking %,d objects in batches of 10,000): %,.0f objects/s%n",
                    large, large / (l.stagingNanos / 1e9));
            System.out.printf("bulk staging with bytes (putObject of 2,000 small objects): %,.0f objects/s%n",
                    putRate(lake, s));
        } finally {
            deleteTree(work);
        }
        return 0;
    }

    /** A repository with {@code objects} committed objects laid out as the sink writes them. */
    private record Repo(String name, UploadedObject bytes, long stagingNanos, int[] nextFile) {
    }

    private Repo build(VersionedLake lake, String name, int objects) {
        lake.createRepository(name, "main");
        lake.createBranch(name, "ingest", "main");
        UploadedObject bytes = lake.writePhysical(name, lake.getPhysicalAddress(name, "main", "bench"),
                new ByteArrayInputStream(new byte[] {1, 2, 3, 4}));
        int[] nextFile = new int[PARTITIONS];
        long start = System.nanoTime();
        int batch = 10_000;
        for (int done = 0; done < objects; done += batch) {
            List<LinkRequest> links = new ArrayList<>(batch);
            for (int i = done; i < Math.min(objects, done + batch); i++) {
                int p = i % PARTITIONS;
                links.add(LinkRequest.of(path(p, nextFile[p]++), bytes));
            }
            lake.linkPhysicalAddresses(name, "main", links);
            if (objects >= 100_000 && (done / batch) % 10 == 9) {
                System.out.printf("  building '%s': %,d of %,d objects staged%n", name, done + batch, objects);
            }
        }
        long staging = System.nanoTime() - start;
        lake.commit(name, "main", CommitRequest.of("initial " + objects + " objects"));
        lake.hardReset(name, "ingest", "main");
        System.out.printf("  built '%s': %,d objects committed%n", name, objects);
        return new Repo(name, bytes, staging, nextFile);
    }

    private static Timer.Run commit(VersionedLake lake, Repo repo, boolean scattered) {
        return i -> {
            stageChange(lake, repo, "ingest", scattered);
            long start = System.nanoTime();
            lake.commit(repo.name(), "ingest", CommitRequest.of("change", Map.of("kafka.offsets", "{}")));
            return System.nanoTime() - start;
        };
    }

    private static Timer.Run merge(VersionedLake lake, Repo repo) {
        return i -> {
            stageChange(lake, repo, "ingest", true);
            lake.commit(repo.name(), "ingest", CommitRequest.of("change"));
            long start = System.nanoTime();
            lake.merge(repo.name(), "ingest", "main", MergeRequest.of("publish"));
            return System.nanoTime() - start;
        };
    }

    /** Nanoseconds of 100 lookups of the head commit's {@code kafka.offsets}. */
    private static Timer.Run lookup(VersionedLake lake, Repo repo) {
        return i -> {
            long start = System.nanoTime();
            for (int k = 0; k < 100; k++) {
                lake.getCommit(repo.name(), "ingest").metadata().get("kafka.offsets");
            }
            return System.nanoTime() - start;
        };
    }

    private double putRate(VersionedLake lake, Repo repo) {
        int n = 2_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            lake.putObject(repo.name(), "main", "put/" + i, new ByteArrayInputStream(new byte[64]), null);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static void stageChange(VersionedLake lake, Repo repo, String branch, boolean scattered) {
        List<LinkRequest> links = new ArrayList<>(CHANGE);
        int p0 = (int) (Math.random() * PARTITIONS);
        for (int i = 0; i < CHANGE; i++) {
            int p = scattered ? i % PARTITIONS : p0;
            links.add(LinkRequest.of(path(p, repo.nextFile()[p]++), repo.bytes()));
        }
        lake.linkPhysicalAddresses(repo.name(), branch, links);
    }

    private static String path(int partition, int file) {
        return String.format("topics/events/partition=%d/events+%d+%012d.parquet", partition, partition, file);
    }

    private void compare(String what, Timer.Run onSmall, Timer.Run onLarge) throws Exception {
        long[] medians = Timer.pairedMedianNanos(3, repetitions, onSmall, onLarge);
        long smallNanos = medians[0];
        long largeNanos = medians[1];
        rows.add(new String[] {what, Timer.millis(smallNanos), Timer.millis(largeNanos),
                String.format("%.2f", (double) largeNanos / smallNanos)});
    }

    private void printTable() {
        System.out.printf("%n%-52s %14s %14s %8s%n", "operation", String.format("%,d objects", small),
                String.format("%,d objects", large), "ratio");
        for (String[] r : rows) {
            System.out.printf("%-52s %14s %14s %8s%n", (Object[]) r);
        }
        System.out.println("(ratio = large / small; the goal is at most 2)");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
