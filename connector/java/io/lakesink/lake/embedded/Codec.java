package io.lakesink.lake.embedded;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binary encoding of entries, ranges and meta-ranges, and the content hash that names them. */
final class Codec {
    private static final byte RANGE_FORMAT = 1;
    private static final byte META_RANGE_FORMAT = 1;

    private Codec() {
    }

    static byte[] encodeEntry(Entry e) {
        return write(out -> writeEntry(out, e));
    }

    static Entry decodeEntry(byte[] bytes) {
        return read(bytes, Codec::readEntry);
    }

    static byte[] encodeRange(List<Entry> entries) {
        return write(out -> {
            out.writeByte(RANGE_FORMAT);
            out.writeInt(entries.size());
            for (Entry e : entries) {
                writeEntry(out, e);
            }
        });
    }

    static List<Entry> decodeRange(byte[] bytes) {
        return read(bytes, in -> {
            checkFormat(in.readByte(), RANGE_FORMAT, "range");
            int n = in.readInt();
            List<Entry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(readEntry(in));
            }
            return entries;
        });
    }

    static byte[] encodeMetaRange(List<RangeRef> ranges) {
        return write(out -> {
            out.writeByte(META_RANGE_FORMAT);
            out.writeInt(ranges.size());
            for (RangeRef r : ranges) {
                writeString(out, r.id());
                writeString(out, r.minKey());
                writeString(out, r.maxKey());
                out.writeInt(r.count());
            }
        });
    }

    static List<RangeRef> decodeMetaRange(byte[] bytes) {
        return read(bytes, in -> {
            checkFormat(in.readByte(), META_RANGE_FORMAT, "meta-range");
            int n = in.readInt();
            List<RangeRef> refs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                refs.add(new RangeRef(readString(in), readString(in), readString(in), in.readInt()));
            }
            return refs;
        });
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void writeEntry(DataOutputStream out, Entry e) throws IOException {
        writeString(out, e.path());
        writeString(out, e.address());
        out.writeLong(e.size());
        writeString(out, e.checksum());
        out.writeLong(e.mtimeMillis());
        writeString(out, e.contentType() == null ? "" : e.contentType());
        out.writeInt(e.metadata().size());
        for (Map.Entry<String, String> kv : new java.util.TreeMap<>(e.metadata()).entrySet()) {
            writeString(out, kv.getKey());
            writeString(out, kv.getValue());
        }
    }

    private static Entry readEntry(DataInputStream in) throws IOException {
        String path = readString(in);
        String address = readString(in);
        long size = in.readLong();
        String checksum = readString(in);
        long mtime = in.readLong();
        String contentType = readString(in);
        int n = in.readInt();
        Map<String, String> md = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            md.put(readString(in), readString(in));
        }
        return new Entry(path, address, size, checksum, mtime, contentType.isEmpty() ? null : contentType, md);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > in.available()) {
            throw new IOException("string length " + len + " runs past the end of the record");
        }
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    private static void checkFormat(byte actual, byte expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException(what + " has format " + actual + ", this version reads " + expected);
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return r.read(in);
        } catch (IOException e) {
            throw new CorruptLakeException("stored lake metadata cannot be decoded: " + e.getMessage(), e);
        }
    }
}
