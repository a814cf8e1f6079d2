package io.lakesink.write;

import java.util.Locale;

/**
 * Where files go: {@code <topics.dir>/<topic>/<partition path>/<topic>+<kafka partition>+<first offset>.<ext>}.
 *
 * <p>The first offset is zero-padded to 20 digits (as Kafka names its log segments), so files of
 * one partition sort by offset in any listing. Names hold only the topic (Kafka allows
 * {@code [a-zA-Z0-9._-]}, encoded anyway), digits and '+', so they need no escaping in URLs or
 * object keys.
 */
public final class ObjectPaths {

    private static final int OFFSET_DIGITS = 20;

    private final String topicsDir;

    /** @param topicsDir the {@code topics.dir} prefix, e.g. "topics"; may be empty for the lake root */
    public ObjectPaths(String topicsDir) {
        this.topicsDir = normalizeTopicsDir(topicsDir);
    }

    /** The directory of a partition, ending with '/'. */
    public String directory(String topic, String encodedPartition) {
        StringBuilder out = new StringBuilder(topicsDir);
        out.append(PathSegments.encode(topic, "topic")).append('/');
        if (encodedPartition != null && !encodedPartition.isEmpty()) {
            out.append(encodedPartition).append('/');
        }
        return out.toString();
    }

    public static String fileName(String topic, int kafkaPartition, long firstOffset, String extension) {
        if (firstOffset < 0) {
            throw new IllegalArgumentException("first offset must not be negative, got " + firstOffset);
        }
        String ext = extension.startsWith(".") ? extension.substring(1) : extension;
        return PathSegments.encode(topic, "topic") + "+" + kafkaPartition + "+"
                + String.format(Locale.ROOT, "%0" + OFFSET_DIGITS + "d", firstOffset) + "." + ext;
    }

    /** Directory plus file name. */
    public String filePath(String topic, String encodedPartition, int kafkaPartition, long firstOffset, String extension) {
        return directory(topic, encodedPartition) + fileName(topic, kafkaPartition, firstOffset, extension);
    }

    private static String normalizeTopicsDir(String dir) {
        String trimmed = dir == null ? "" : dir.trim();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return "";
        }
        for (String segment : trimmed.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")
                    || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("topics.dir '" + dir + "' must be plain directory names separated by '/'");
            }
        }
        return trimmed + "/";
    }
}
