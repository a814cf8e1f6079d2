package io.lakesink.lake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The checksum objects carry: the hex MD5 of their bytes, as the embedded lake records it on write and as lakeFS
 * reports it for objects uploaded in one part (multipart ETags have a {@code -N} suffix and are not a digest).
 */
public final class ObjectChecksums {
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    private ObjectChecksums() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** True when {@code checksum} is a digest this class can recompute from the bytes. */
    public static boolean isVerifiable(String checksum) {
        return checksum != null && MD5_HEX.matcher(checksum).matches();
    }

    /** The checksum of everything {@code in} still holds; reads it to the end. */
    public static String of(InputStream in) throws IOException {
        MessageDigest md5 = newDigest();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
            md5.update(buffer, 0, n);
        }
        return hex(md5);
    }

    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }
}
