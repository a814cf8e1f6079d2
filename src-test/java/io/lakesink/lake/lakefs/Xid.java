package io.lakesink.lake.lakefs;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ids lakeFS names physical objects with ({@code github.com/rs/xid}, used by lakeFS's
 * {@code pkg/upload/path_provider.go}): 12 bytes, of which the first 4 are the creation time in seconds, written as 20
 * characters of lower-case base32hex. lakeFS reads a link address's age back from its id
 * ({@code PathPartitionProvider.ResolvePathTime}), so the test server does too.
 */
final class Xid {
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuv";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());
    private static final byte[] MACHINE_AND_PROCESS = randomBytes(5);

    private Xid() {
    }

    /** A new id created at {@code time} (to the second, as xid keeps it). */
    static String newId(Instant time) {
        byte[] id = new byte[12];
        long seconds = time.getEpochSecond();
        for (int i = 0; i < 4; i++) {
            id[i] = (byte) (seconds >>> (24 - 8 * i));
        }
        System.arraycopy(MACHINE_AND_PROCESS, 0, id, 4, 5);
        int n = COUNTER.incrementAndGet();
        id[9] = (byte) (n >>> 16);
        id[10] = (byte) (n >>> 8);
        id[11] = (byte) n;
        return encode(id);
    }

    /** The creation time of an id, or null when {@code name} is not one (lakeFS then fails the link). */
    static Instant timeOf(String name) {
        if (name.length() != 20) {
            return null;
        }
        long bits = 0;
        for (int i = 0; i < 7; i++) { // 35 bits: the 32 bits of the time and 3 of the next byte
            int v = ALPHABET.indexOf(name.charAt(i));
            if (v < 0) {
                return null;
            }
            bits = (bits << 5) | v;
        }
        return Instant.ofEpochSecond(bits >>> 3);
    }

    private static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(20);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
