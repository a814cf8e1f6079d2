package io.lakesink.lake.lakefs;

import java.net.URI;
import java.nio.file.Path;

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
}
