package io.lakesink.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An object as a local file, for readers that want a path (DuckDB): read in place when the lake keeps its bytes
 * in a local file, otherwise fetched once into a scratch directory, named by checksum. Either way the bytes are
 * checked against the object's checksum first, since DuckDB reads the file without the lake.
 */
public final class LocalCopies {
    private LocalCopies() {
    }

    /** The object {@code o}, as listed or stat'ed at {@code ref}, as a local file. */
    public static Path of(VersionedLake lake, String repository, String ref, ObjectStats o, Path scratch) {
        if (o.physicalAddress().startsWith("file:")) {
            Path file = Path.of(URI.create(o.physicalAddress()));
            verifyInPlace(file, ref, o);
            return file;
        }
        Path target = scratch.resolve(o.checksum() + ".parquet");
        if (!Files.exists(target)) {
            // fetched under a temporary name and moved into place only once the backend has served every byte, so
            // a fetch cut short (a mismatch, a dropped connection) never leaves a copy a later call would reuse
            Path partial = scratch.resolve(o.checksum() + ".parquet.partial-" + java.util.UUID.randomUUID());
            try (InputStream in = lake.getObject(repository, ref, o.path())) {
                Files.createDirectories(scratch);
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fetch " + o.path() + " of " + ref + " to " + target, e);
            } finally {
                deleteQuietly(partial);
            }
        }
        return target;
    }

    /*
     * The file is read once here and again by its reader; it can change in between only by the same outside
     * interference this check is for, and objects are never rewritten in place by LakeSink.
     */
    private static void verifyInPlace(Path file, String ref, ObjectStats o) {
        String actual;
        try {
            actual = ObjectChecksums.of(file);
        } catch (NoSuchFileException e) {
            throw new LakeNotFoundException("the bytes of '" + o.path() + "' are missing at " + file
                    + ": the lake directory was changed outside LakeSink");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + o.path() + " of " + ref + " at " + file, e);
        }
        if (!actual.equals(o.checksum())) {
            throw new ChecksumMismatchException(o.path(), ref, o.checksum(), actual, file.toString());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray partial copy in the scratch directory is never used: only complete copies get the final name
        }
    }
}
