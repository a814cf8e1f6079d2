package io.lakesink.lake.embedded;

import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LakeUnavailableException;
import io.lakesink.lake.ObjectChecksums;
import io.lakesink.lake.VerifyingInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Object bytes of the embedded lake: one immutable file per physical address under
 * {@code <lake>/objects/<repository>/data/}. Addresses are stored relative to the repository's directory;
 * callers see them as {@code file:} URIs so any Parquet reader can open them directly.
 */
final class ObjectFiles {
    private final Path root;

    record Written(long size, String checksum) {
    }

    ObjectFiles(Path root) {
        this.root = root;
    }

    Path repositoryDir(String repo) {
        return root.resolve(repo);
    }

    String storageNamespace(String repo) {
        return repositoryDir(repo).toUri().toString();
    }

    /** A new unique relative address, spread over 256 directories to keep directories small. */
    static String newAddress() {
        String id = UUID.randomUUID().toString().replace("-", "");
        return "data/" + id.substring(0, 2) + "/" + id;
    }

    String toUri(String repo, String address) {
        return repositoryDir(repo).resolve(address).toUri().toString();
    }

    /** The relative address of a {@code file:} URI or relative address, refusing anything outside the repository. */
    String toAddress(String repo, String addressOrUri) {
        Path dir = repositoryDir(repo).toAbsolutePath().normalize();
        Path p;
        try {
            p = addressOrUri.startsWith("file:") ? Path.of(URI.create(addressOrUri)) : dir.resolve(addressOrUri);
        } catch (IllegalArgumentException e) {
            throw new LakeInvalidArgumentException("physical address '" + addressOrUri + "' is not a file URI or"
                    + " a path relative to the repository's storage namespace " + storageNamespace(repo), e);
        }
        p = p.toAbsolutePath().normalize();
        if (!p.startsWith(dir.resolve("data")) || p.equals(dir.resolve("data"))) {
            throw new LakeInvalidArgumentException("physical address '" + addressOrUri + "' is outside the data"
                    + " directory of repository '" + repo + "' (" + dir.resolve("data").toUri() + ")");
        }
        return dir.relativize(p).toString().replace('\\', '/');
    }

    /** Writes the bytes to a temporary file, forces them to disk, then moves them into place in one step. */
    Written write(String repo, String address, InputStream content) {
        Path target = repositoryDir(repo).resolve(address);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            MessageDigest md5 = ObjectChecksums.newDigest();
            long size;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(Channels.newOutputStream(ch), md5)) {
                size = content.transferTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Written(size, ObjectChecksums.hex(md5));
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new LakeUnavailableException("could not write object bytes to " + target + ": " + e
                    + "; check that the lake directory is writable and the disk has space", e);
        }
    }

    /** The bytes at an address, checked against {@code checksum} as they are read (see {@link VerifyingInputStream}). */
    InputStream openVerified(String repo, String address, String path, String ref, String checksum) {
        return new VerifyingInputStream(open(repo, address, path), path, ref, checksum,
                repositoryDir(repo).resolve(address).toString());
    }

    private InputStream open(String repo, String address, String path) {
        Path file = repositoryDir(repo).resolve(address);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new LakeNotFoundException("the bytes of '" + path + "' are missing at " + file
                    + ": the lake directory was changed outside LakeSink");
        } catch (IOException e) {
            throw new LakeUnavailableException("could not read " + file + ": " + e, e);
        }
    }

    /** Size of the file at an address, or -1 when nothing is there. */
    long sizeOf(String repo, String address) {
        try {
            return Files.size(repositoryDir(repo).resolve(address));
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new LakeUnavailableException("could not read " + repositoryDir(repo).resolve(address) + ": " + e, e);
        }
    }

    /** Names of the repository directories under {@code objects/} that hold at least one file. */
    List<String> repositoriesWithFiles() {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                try (Stream<Path> inside = Files.walk(dir)) {
                    if (inside.anyMatch(Files::isRegularFile)) {
                        found.add(dir.getFileName().toString());
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new LakeUnavailableException("could not list the object directories under " + root + ": " + e, e);
        }
        found.sort(null);
        return found;
    }

    void delete(String repo, String address) {
        try {
            Files.deleteIfExists(repositoryDir(repo).resolve(address));
        } catch (IOException e) {
            throw new LakeUnavailableException("could not delete " + repositoryDir(repo).resolve(address) + ": " + e, e);
        }
    }

    void deleteRepository(String repo) {
        Path dir = repositoryDir(repo);
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new LakeUnavailableException("repository deleted, but its files under " + dir
                    + " could not all be removed: " + e, e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stray temporary file is harmless and never linked
        }
    }
}
