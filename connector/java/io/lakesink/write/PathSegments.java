package io.lakesink.write;

import java.nio.charset.StandardCharsets;

/**
 * Encodes values that come from records into single path segments. Whatever the value, the result
 * stays one segment inside its prefix: it cannot add a directory level ({@code /}, {@code \}),
 * climb out ({@code ..}), hide behind control characters, or fake a Hive {@code key=value} pair.
 *
 * <p>Encoding is percent-encoding of UTF-8 bytes, so it is reversible and readers that decode
 * Hive paths (Spark, Trino, DuckDB) show the original value. Besides the characters above, the
 * characters Hive escapes are encoded too ({@code " # % ' * : ? [ ] ^ { } DEL}), so the paths
 * also survive Hadoop Path and URI parsing.
 */
public final class PathSegments {

    /** What Hive writes for a null partition value; Hive-aware readers read it back as null. */
    public static final String NULL_PLACEHOLDER = "__HIVE_DEFAULT_PARTITION__";

    /** Longest encoded segment: most file systems and object stores stop at 255 bytes per name. */
    static final int MAX_SEGMENT_BYTES = 255;

    private static final String ESCAPED = "/\\=%\"#':*?[]^{}";

    private PathSegments() {
    }

    /**
     * Encodes one value. Null and the empty string both become {@link #NULL_PLACEHOLDER}, as in
     * Hive: an empty segment would collapse the path.
     *
     * @param what names the value in the error when it is too long (e.g. "field 'user.id'")
     */
    public static String encode(String value, String what) {
        if (value == null || value.isEmpty()) {
            return NULL_PLACEHOLDER;
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean dotRun = c == '.' && (isDot(value, i - 1) || isDot(value, i + 1));
            if (dotRun || c < 0x20 || c == 0x7f || ESCAPED.indexOf(c) >= 0) {
                appendPercent(out, c);
            } else if (Character.isSurrogate(c)) {
                // Keep pairs whole; a lone surrogate has no UTF-8 form and becomes U+FFFD, as Java's encoder makes it.
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    out.append(c).append(value.charAt(++i));
                } else {
                    appendPercent(out, '\uFFFD');
                }
            } else {
                out.append(c);
            }
        }
        String encoded = out.toString();
        if (encoded.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new PartitionException(what + ": value is too long for a path segment ("
                    + encoded.length() + " characters encoded, at most " + MAX_SEGMENT_BYTES + " bytes)");
        }
        return encoded;
    }

    private static boolean isDot(String value, int i) {
        return i >= 0 && i < value.length() && value.charAt(i) == '.';
    }

    private static void appendPercent(StringBuilder out, char c) {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
    }
}
