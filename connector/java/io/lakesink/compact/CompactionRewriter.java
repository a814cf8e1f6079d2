package io.lakesink.compact;

import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.LocalCopies;
import io.lakesink.lake.LocalTrees;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLake;
import io.lakesink.record.ParquetConcatenation;
import io.lakesink.record.ParquetSettings;
import org.apache.avro.Schema;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The first step of a compaction: each group of a plan, as it is on main, rewritten into one file with the sink's
 * Parquet settings and uploaded to a fresh physical address, linked nowhere yet. Files of different schemas are not
 * mixed (a group is cut where the schema changes) and files LakeSink did not write are left alone.
 */
final class CompactionRewriter {
    private static final String PARQUET = "application/vnd.apache.parquet";

    private final VersionedLake lake;
    private final String repository;
    private final String ingest;
    private final ParquetSettings settings;
    private final Path scratch;

    CompactionRewriter(VersionedLake lake, String repository, String ingest, ParquetSettings settings, Path scratch) {
        this.lake = lake;
        this.repository = repository;
        this.ingest = ingest;
        this.settings = settings;
        this.scratch = scratch;
    }

    /** Rewrites and uploads every group (split where the schema changes); links nothing. */
    public RewrittenFiles rewrite(CompactionPlan plan) {
        List<RewrittenFiles.Rewrite> rewrites = new ArrayList<>();
        Path work = scratch.resolve("compaction-" + UUID.randomUUID());
        try {
            Files.createDirectories(work);
            for (CompactionPlan.Group group : plan.groups()) {
                rewrites.addAll(rewrite(group, plan.mainCommit(), work));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("compaction could not rewrite files in " + work, e);
        } finally {
            LocalTrees.deleteQuietly(work);
        }
        return new RewrittenFiles(rewrites);
    }

    private List<RewrittenFiles.Rewrite> rewrite(CompactionPlan.Group group, String mainCommit, Path work) throws IOException {
        List<RewrittenFiles.Rewrite> out = new ArrayList<>();
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

    private List<RewrittenFiles.Rewrite> rewriteRun(String directory, List<ObjectStats> inputs, List<Path> files, Schema schema,
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
        return List.of(new RewrittenFiles.Rewrite(inputs, new LinkRequest(path, uploaded.physicalAddress(), uploaded.sizeBytes(),
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
}
