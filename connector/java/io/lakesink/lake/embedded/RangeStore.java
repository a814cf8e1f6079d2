package io.lakesink.lake.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Immutable ranges (sorted entries) and meta-ranges (sorted range pointers) of a repository, stored by content
 * hash so that identical content is stored once and shared by every commit that holds it.
 */
final class RangeStore {
    private static final int CACHED_RANGES = 128;
    private static final int CACHED_META_RANGES = 128;

    private final LruCache<String, List<Entry>> ranges = new LruCache<>(CACHED_RANGES);
    private final LruCache<String, List<RangeRef>> metaRanges = new LruCache<>(CACHED_META_RANGES);

    List<Entry> range(Connection c, String repo, RangeRef ref) throws SQLException {
        String key = repo + '/' + ref.id();
        List<Entry> cached = ranges.get(key);
        if (cached == null) {
            cached = List.copyOf(Codec.decodeRange(load(c, "ranges", repo, ref.id())));
            ranges.put(key, cached);
        }
        return cached;
    }

    List<RangeRef> metaRange(Connection c, String repo, String id) throws SQLException {
        String key = repo + '/' + id;
        List<RangeRef> cached = metaRanges.get(key);
        if (cached == null) {
            cached = List.copyOf(Codec.decodeMetaRange(load(c, "meta_ranges", repo, id)));
            metaRanges.put(key, cached);
        }
        return cached;
    }

    /** Stores a non-empty sorted run of entries as a range and returns its pointer. */
    RangeRef writeRange(Connection c, String repo, List<Entry> entries) throws SQLException {
        byte[] data = Codec.encodeRange(entries);
        String id = Codec.sha256(data);
        store(c, "ranges", repo, id, data);
        ranges.put(repo + '/' + id, List.copyOf(entries));
        return new RangeRef(id, entries.get(0).path(), entries.get(entries.size() - 1).path(), entries.size());
    }

    String writeMetaRange(Connection c, String repo, List<RangeRef> refs) throws SQLException {
        byte[] data = Codec.encodeMetaRange(refs);
        String id = Codec.sha256(data);
        store(c, "meta_ranges", repo, id, data);
        metaRanges.put(repo + '/' + id, List.copyOf(refs));
        return id;
    }

    private static void store(Connection c, String table, String repo, String id, byte[] data) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO " + table + " (repo, id, data) VALUES (?, ?, ?)")) {
            ps.setString(1, repo);
            ps.setString(2, id);
            ps.setBytes(3, data);
            ps.executeUpdate();
        }
    }

    private static byte[] load(Connection c, String table, String repo, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + table + " WHERE repo = ? AND id = ?")) {
            ps.setString(1, repo);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CorruptLakeException("repository '" + repo + "' lost " + table.replace('_', '-')
                            + " " + id + " that a commit refers to", null);
                }
                return rs.getBytes(1);
            }
        }
    }
}
