package io.lakesink.lake.lakefs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The test server's blockstore, shaped like lakeFS's {@code local} one: the embedded lake keeps a repository's
 * bytes under {@code <root>/<repository>/data/...} and hands out {@code file:} URIs, which the server shows as
 * {@code local://<repository>/data/...} with {@code root} as the blockstore's directory, as lakeFS does.
 */
final class LocalBlockstore {
    static final String SCHEME = "local://";
    private final Path root;

    LocalBlockstore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The {@code local://} address of a {@code file:} URI of the embedded lake. */
    String toLocal(String fileUri) {
        if (fileUri == null || !fileUri.startsWith("file:")) {
            return fileUri;
        }
        Path p = Path.of(URI.create(fileUri)).toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            throw new IllegalStateException(fileUri + " is outside the blockstore " + root);
        }
        return SCHEME + root.relativize(p).toString().replace('\\', '/');
    }

    /** The embedded lake's {@code file:} URI of a {@code local://} address. */
    String toFile(String localAddress) {
        if (!localAddress.startsWith(SCHEME)) {
            throw new ProtocolViolation("physical address '" + localAddress + "' is not in the local blockstore ("
                    + SCHEME + "...)");
        }
        return root.resolve(localAddress.substring(SCHEME.length())).normalize().toUri().toString();
    }

    /** The object store's side of a presigned upload: the bytes at a {@code local://} address; answers their MD5. */
    String write(String localAddress, InputStream content) {
        Path target = Path.of(URI.create(toFile(localAddress)));
        Path tmp = target.resolveSibling(target.getFileName() + ".upload");
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            Files.createDirectories(target.getParent());
            try (InputStream in = new DigestInputStream(content, md5)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
