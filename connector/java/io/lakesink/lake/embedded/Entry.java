package io.lakesink.lake.embedded;

import java.util.Map;
import java.util.Objects;

/**
 * One object as the embedded lake stores it in staging and in ranges. {@code address} is relative to the
 * repository's object directory, so a lake directory can be moved as a whole.
 */
record Entry(String path, String address, long size, String checksum, long mtimeMillis, String contentType,
             Map<String, String> metadata) {
    Entry {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Same bytes and attributes: what diff and merge compare (the modification time is not content). */
    boolean sameContent(Entry other) {
        return other != null && address.equals(other.address) && checksum.equals(other.checksum)
                && size == other.size && Objects.equals(contentType, other.contentType)
                && metadata.equals(other.metadata);
    }

    static boolean sameContent(Entry a, Entry b) {
        return a == null ? b == null : a.sameContent(b);
    }
}
