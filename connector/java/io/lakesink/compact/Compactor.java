package io.lakesink.compact;

import io.lakesink.commit.CommitMetadata;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.LocalCopies;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLake;
import io.lakesink.record.ParquetConcatenation;
import io.lakesink.record.ParquetSettings;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Lock;

/**
 * Carries out a {@link CompactionPlan} in two steps. {@link #prepare} rewrites each group into one file and uploads
 * it, unlinked, while ingestion goes on. {@link #commit} then, holding the ingest branch's lock, replaces the small
 * files by the new ones in one commit on the ingest branch, whose {@code kafka.offsets} are its parent's and whose
 * {@value CommitMetadata#COMPACTION} metadata tells the publisher it has no new rows to check; the publisher merges
 * it to main like any commit, so readers of main see the old files or the new ones, never both or neither.
 *
 * <p>It commits only when ingest holds nothing main does not (so the commit never sits among unchecked commits, and
 * a halted publisher never checks it) and when every input is still, byte for byte, on both branches (so the new
 * files hold exactly the rows the commit removes); otherwise it leaves the lake as it was and says why. Files of
 * older commits are untouched, so a rollback to any of them finds its files as they were.
 */
public final class Compactor {
    private static final Logger log = LoggerFactory.getLogger(Compactor.class);
    private static final String PARQUET = "application/vnd.apache.parquet";

    private final VersionedLake lake;
    private final String repository;
    private final String ingest;
    private final String main;
    private final String connector;
    private final ParquetSettings settings;
    private final Path scratch;
    private final Lock ingestLock;

    /**
     * @param scratch    where inputs are fetched and outputs written (emptied of what this compactor puts there)
     * @param ingestLock the lock the ingest branch's committer holds while it commits
     */
    public Compactor(VersionedLake lake, String repository, String ingest, String main, String connector,
                     ParquetSettings settings, Path scratch, Lock ingestLock) {
        this.lake = lake;
        this.repository = repository;
        this.ingest = ingest;
        this.main = main;
        this.connector = connector;
        this.settings = settings;
        this.scratch = scratch;
        this.ingestLock = ingestLock;
    }

    /** One new file and the small files it replaces. */
    public record Rewrite(List<ObjectStats> inputs, LinkRequest output, long rows) {
    }

    /** New files uploaded but not linked yet. */
    public record Prepared(List<Rewrite> rewrites) {
        public int inputFiles() {
            return rewrites.stream().mapToInt(r -> r.inputs().size()).sum();
        }

        public long rows() {
            return rewrites.stream().mapToLong(Rewrite::rows).sum();
        }
    }

    /** The compaction commit, or why there is none. */
    public record Outcome(Optional<Commit> commit, String reason) {
        static Outcome committed(Commit c, String what) {
            return new Outcome(Optional.of(c), what);
        }

        static Outcome notNow(String why) {
            return new Outcome(Optional.empty(), why);
        }

        /** True when the inputs are gone or changed: the prepared files will never fit again. */
        public boolean stale() {
            return commit.isEmpty() && reason.startsWith(STALE);
        }
    }

    private static final String STALE = "stale: ";

    /** Rewrites and uploads every group (split where the schema changes); links nothing. */
    public Prepared prepare(CompactionPlan plan) {
        List<Rewrite> rewrites = new ArrayList<>();
        Path work = scratch.resolve("compaction-" + UUID.randomUUID());
        try {
            Files.createDirectories(work);
            for (CompactionPlan.Group group : plan.groups()) {
                rewrites.addAll(rewrite(group, plan.mainCommit(), work));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("compaction could not rewrite files in " + work, e);
        } finally {
            deleteTree(work);
        }
        return new Prepared(rewrites);
    }

    private List<Rewrite> rewrite(CompactionPlan.Group group, String mainCommit, Path work) throws IOException {
        List<Rewrite> out = new ArrayList<>();
        List<ObjectStats> run = new ArrayList<>();
        List<Path> runFiles = new ArrayList<>();
        Schema runSchema = null;
        for (ObjectStats input : group.inputs()) {
            Path local = LocalCopies.of(lake, repository, mainCommit, input, work);
            Schema schema = ParquetConcatenation.schemaOf(local);
            if (schema == null) {
                continue; // not a file LakeSink wrote: left as it is
            }
            if (runSchema != null && !schema.equals(runSchema)) {
                out.addAll(rewriteRun(group.directory(), run, runFiles, runSchema, work));
                run = new ArrayList<>();
                runFiles = new ArrayList<>();
            }
            runSchema = schema;
            run.add(input);
            runFiles.add(local);
        }
        out.addAll(rewriteRun(group.directory(), run, runFiles, runSchema, work));
        return out;
    }

    private List<Rewrite> rewriteRun(String directory, List<ObjectStats> inputs, List<Path> files, Schema schema,
                                     Path work) throws IOException {
        if (inputs.size() < 2) {
            return List.of();
        }
        String path = outputPath(directory, inputs);
        Path local = work.resolve(UUID.randomUUID() + ".parquet");
        long rows = ParquetConcatenation.concatenate(files, schema, local, settings);
        PhysicalAddress address = lake.getPhysicalAddress(repository, ingest, path);
        UploadedObject uploaded;
        try (InputStream in = Files.newInputStream(local)) {
            uploaded = lake.writePhysical(repository, address, in);
        }
        Files.deleteIfExists(local);
        return List.of(new Rewrite(inputs, new LinkRequest(path, uploaded.physicalAddress(), uploaded.sizeBytes(),
                uploaded.checksum(), PARQUET, Map.of(), true), rows));
    }

    /**
     * Named after the first input, so it sorts where its rows were, and by its inputs' checksums, so the same
     * inputs always give the same name and a retried link of it is refused rather than doubled.
     */
    static String outputPath(String directory, List<ObjectStats> inputs) {
        String first = inputs.get(0).path().substring(directory.length() + 1);
        String stem = first.endsWith(".parquet") ? first.substring(0, first.length() - ".parquet".length()) : first;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            inputs.forEach(i -> sha.update((i.path() + "\n" + i.checksum() + "\n").getBytes(StandardCharsets.UTF_8)));
            return directory + "/" + stem + ".compacted-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12)
                    + ".parquet";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Replaces the inputs by the new files in one commit on ingest, if they are still what was rewritten. */
    public Outcome commit(Prepared prepared) {
        if (prepared.rewrites().isEmpty()) {
            return Outcome.notNow("nothing to compact");
        }
        ingestLock.lock();
        try {
            return commitLocked(prepared);
        } finally {
            ingestLock.unlock();
        }
    }

    private Outcome commitLocked(Prepared prepared) {
        Commit head = lake.getCommit(repository, ingest);
        Commit mainHead = lake.getCommit(repository, main);
        if (!lake.findMergeBase(repository, head.id(), mainHead.id()).id().equals(head.id())) {
            return Outcome.notNow(ingest + " holds commits " + main + " does not yet: compaction waits until they"
                    + " are published");
        }
        for (Rewrite r : prepared.rewrites()) {
            for (ObjectStats input : r.inputs()) {
                for (String ref : List.of(head.id(), mainHead.id())) {
                    String changed = changed(input, ref);
                    if (changed != null) {
                        return Outcome.notNow(STALE + changed);
                    }
                }
            }
        }
        // only this connector commits to ingest, under this lock: anything staged is a crashed cycle's leftover
        lake.resetUncommitted(repository, ingest);
        List<LinkRequest> links = new ArrayList<>();
        try {
            for (Rewrite r : prepared.rewrites()) {
                for (ObjectStats input : r.inputs()) {
                    lake.deleteObject(repository, ingest, input.path());
                }
                links.add(r.output());
            }
            lake.linkPhysicalAddresses(repository, ingest, links);
        } catch (RuntimeException e) {
            // a quarantine's revert needs a clean branch: leave nothing half staged behind
            try {
                lake.resetUncommitted(repository, ingest);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CommitMetadata.KAFKA_OFFSETS, CommitMetadata.offsetsAt(lake, repository, head).toJson());
        metadata.put(CommitMetadata.CONNECTOR, connector);
        metadata.put(CommitMetadata.RECORDS, "0");
        metadata.put(CommitMetadata.FILES, Integer.toString(links.size()));
        metadata.put(CommitMetadata.EVENT_TIMES,
                CommitMetadata.timesJson(CommitMetadata.eventTimesAt(lake, repository, head)));
        metadata.put(CommitMetadata.COMPACTION, "{\"files_in\":" + prepared.inputFiles() + ",\"files_out\":"
                + links.size() + ",\"rows\":" + prepared.rows() + "}");
        String what = prepared.inputFiles() + " small file(s) rewritten as " + links.size() + " ("
                + prepared.rows() + " rows, unchanged)";
        Commit commit = lake.commit(repository, ingest, new CommitRequest("Compaction: " + what, metadata, false));
        log.info("Compaction committed {} on {}/{}: {}", commit.id(), repository, ingest, what);
        return Outcome.committed(commit, what);
    }

    /** Why {@code input} is no longer what was rewritten at {@code ref}, or null when it still is. */
    private String changed(ObjectStats input, String ref) {
        try {
            ObjectStats now = lake.statObject(repository, ref, input.path());
            if (Objects.equals(now.checksum(), input.checksum()) && now.sizeBytes() == input.sizeBytes()) {
                return null;
            }
            return input.path() + " changed at " + ref;
        } catch (LakeNotFoundException gone) {
            return input.path() + " is no longer at " + ref;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // scratch leftovers are removed with the scratch directory
        }
    }
}
