package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeUnavailableException;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Writes object bytes to a physical address handed out by lakeFS, before they are linked into a branch. With a
 * presigned URL the bytes go straight to the object store (HTTP PUT, no lakeFS credentials). A {@code local://}
 * address (lakeFS's {@code local} blockstore cannot presign) is a file under the blockstore's directory, which
 * this machine must see at {@link LakeFsSettings#localBlockstoreRoot()}.
 */
final class PhysicalWriter {
    static final String LOCAL_SCHEME = "local://";
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final OkHttpClient objectStoreHttp;
    private final Path localBlockstoreRoot;

    /** {@code objectStoreHttp} must not add lakeFS's Authorization header: the object store would reject it. */
    PhysicalWriter(OkHttpClient objectStoreHttp, Path localBlockstoreRoot) {
        this.objectStoreHttp = objectStoreHttp;
        this.localBlockstoreRoot = localBlockstoreRoot == null ? null : localBlockstoreRoot.toAbsolutePath().normalize();
    }

    UploadedObject write(PhysicalAddress address, InputStream content) {
        if (address.presignedUrl() != null && !address.presignedUrl().isEmpty()) {
            return putPresigned(address, content);
        }
        if (address.address().startsWith(LOCAL_SCHEME)) {
            return writeLocal(address, content);
        }
        throw new LakeInvalidArgumentException("lakeFS handed out physical address " + address.address() + " without"
                + " a presigned URL, and this client can write only presigned URLs or local:// addresses: use a"
                + " blockstore that supports presigned URLs (s3, gs, azure) or a local blockstore whose directory is"
                + " configured as the local blockstore root");
    }

    /** Where a {@code local://} address lives on this machine: the blockstore root joined with the address's path. */
    Path localFile(String address) {
        if (localBlockstoreRoot == null) {
            throw new LakeInvalidArgumentException("lakeFS handed out the local blockstore address " + address
                    + ", which cannot be presigned: configure the directory of the server's local blockstore as seen"
                    + " from this machine (local blockstore root) so the bytes can be written there");
        }
        Path file = localBlockstoreRoot.resolve(address.substring(LOCAL_SCHEME.length())).normalize();
        if (!file.startsWith(localBlockstoreRoot) || file.equals(localBlockstoreRoot)) {
            throw new LakeInvalidArgumentException("physical address " + address + " points outside the local"
                    + " blockstore root " + localBlockstoreRoot);
        }
        return file;
    }

    private UploadedObject writeLocal(PhysicalAddress address, InputStream content) {
        Path target = localFile(address.address());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            Written w = copy(content, tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new UploadedObject(address.address(), w.size, w.md5);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new LakeUnavailableException("could not write " + target + " for lakeFS address " + address.address()
                    + ": " + e + "; check that the local blockstore directory is mounted here and writable", e);
        }
    }

    /** Spools to a temporary file first: object stores want the Content-Length of a presigned PUT up front. */
    private UploadedObject putPresigned(PhysicalAddress address, InputStream content) {
        Path spool = null;
        try {
            spool = Files.createTempFile("lakesink-upload-", ".bin");
            Written w = copy(content, spool);
            Request put = new Request.Builder().url(address.presignedUrl())
                    .put(RequestBody.create(spool.toFile(), OCTET_STREAM)).build();
            try (Response response = objectStoreHttp.newCall(put).execute()) {
                if (!response.isSuccessful()) {
                    String body = response.body() == null ? "" : response.body().string();
                    String message = "the object store refused the presigned upload for " + address.address() + ": HTTP "
                            + response.code() + " " + abbreviate(body);
                    if (response.code() == 429 || response.code() >= 500) {
                        throw new LakeUnavailableException(message);
                    }
                    throw new LakeInvalidArgumentException(message + " (the URL may have expired: ask for a new"
                            + " physical address)");
                }
                String etag = response.header("ETag");
                String checksum = etag == null || etag.isBlank() ? w.md5 : etag.replace("\"", "");
                return new UploadedObject(address.address(), w.size, checksum);
            }
        } catch (IOException e) {
            throw new LakeUnavailableException("presigned upload for " + address.address() + " failed: " + e, e);
        } finally {
            if (spool != null) {
                deleteQuietly(spool);
            }
        }
    }

    private record Written(long size, String md5) {
    }

    private static Written copy(InputStream content, Path file) throws IOException {
        MessageDigest md5 = md5();
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = new DigestOutputStream(Channels.newOutputStream(ch), md5)) {
            size = content.transferTo(out);
            out.flush();
            ch.force(true);
        }
        return new Written(size, HexFormat.of().formatHex(md5.digest()));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray temporary file is harmless
        }
    }
}
