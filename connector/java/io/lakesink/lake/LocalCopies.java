package io.lakesink.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An object as a local file, for readers that want a path (DuckDB): read in place when the lake keeps its bytes
 * in a local file, otherwise fetched once into a scratch directory, named by checksum.
 */
public final class LocalCopies {
    private LocalCopies() {
    }

    /** The object {@code o}, as listed or stat'ed at {@code ref}, as a local file. */
    public static Path of(VersionedLake lake, String repository, String ref, ObjectStats o, Path scratch) {
        if (o.physicalAddress().startsWith("file:")) {
            return Path.of(URI.create(o.physicalAddress()));
        }
        Path target = scratch.resolve(o.checksum() + ".parquet");
        if (!Files.exists(target)) {
            try (InputStream in = lake.getObject(repository, ref, o.path())) {
                Files.createDirectories(scratch);
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fetch " + o.path() + " of " + ref + " to " + target, e);
            }
        }
        return target;
    }
}
