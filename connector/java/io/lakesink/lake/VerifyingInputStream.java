package io.lakesink.lake;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * An object's bytes, checked against their recorded checksum as they stream. The last byte is held back until the
 * whole object has been digested, so a reader of damaged bytes gets a {@link ChecksumMismatchException} instead of
 * a complete copy: whatever it wrote is short, never a finished file that looks right.
 */
public final class VerifyingInputStream extends InputStream {
    private final InputStream in;
    private final MessageDigest digest = ObjectChecksums.newDigest();
    private final String path;
    private final String ref;
    private final String expected;
    private final String where;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private boolean eof;

    /**
     * @param where where the bytes live, for the message (a file path or URI), or null
     */
    public VerifyingInputStream(InputStream in, String path, String ref, String expectedChecksum, String where) {
        this.in = in;
        this.path = path;
        this.ref = ref;
        this.expected = expectedChecksum;
        this.where = where;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        // keep at least one byte back until the source is exhausted and its digest checked
        while (!eof && end - start <= 1) {
            fill();
        }
        int deliverable = eof ? end - start : end - start - 1;
        if (deliverable == 0) {
            return -1;
        }
        int n = Math.min(len, deliverable);
        System.arraycopy(buffer, start, b, off, n);
        start += n;
        return n;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n == -1) {
            String actual = ObjectChecksums.hex(digest);
            if (!actual.equals(expected)) {
                start = end; // nothing more is served
                throw new ChecksumMismatchException(path, ref, expected, actual, where);
            }
            eof = true;
            return;
        }
        digest.update(buffer, end, n);
        end += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
