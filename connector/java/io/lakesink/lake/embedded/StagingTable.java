package io.lakesink.lake.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A branch's uncommitted changes: one row per path holding the new entry, or no entry for a staged removal.
 */
final class StagingTable {
    private static final int BATCH = 1000;

    /** The staged change of a path, or null when the path has none. */
    Update find(Connection c, String repo, String branch, String path) throws SQLException {
        return Sql.one(c, "SELECT path, entry FROM staging WHERE repo = ? AND branch = ? AND path = ?",
                StagingTable::map, repo, branch, path);
    }

    void stage(Connection c, String repo, String branch, Update update) throws SQLException {
        Sql.update(c, "INSERT OR REPLACE INTO staging (repo, branch, path, entry) VALUES (?, ?, ?, ?)", repo, branch,
                update.path(), update.isRemoval() ? null : Codec.encodeEntry(update.entry()));
    }

    void unstage(Connection c, String repo, String branch, String path) throws SQLException {
        Sql.update(c, "DELETE FROM staging WHERE repo = ? AND branch = ? AND path = ?", repo, branch, path);
    }

    void unstagePrefix(Connection c, String repo, String branch, String prefix) throws SQLException {
        Sql.update(c, "DELETE FROM staging WHERE repo = ? AND branch = ? AND path >= ?"
                + " AND substr(CAST(path AS BLOB), 1, ?) = CAST(? AS BLOB)", repo, branch, prefix,
                PathOrder.utf8Length(prefix), prefix);
    }

    void clear(Connection c, String repo, String branch) throws SQLException {
        Sql.update(c, "DELETE FROM staging WHERE repo = ? AND branch = ?", repo, branch);
    }

    boolean isDirty(Connection c, String repo, String branch) throws SQLException {
        return Sql.one(c, "SELECT 1 FROM staging WHERE repo = ? AND branch = ? LIMIT 1", rs -> true, repo, branch)
                != null;
    }

    /** All staged changes of a branch, in path order. */
    List<Update> all(Connection c, String repo, String branch) throws SQLException {
        return Sql.query(c, "SELECT path, entry FROM staging WHERE repo = ? AND branch = ? ORDER BY path",
                StagingTable::map, repo, branch);
    }

    /** Staged changes with paths after {@code after} that start with {@code prefix}, in path order, read in batches. */
    Iterator<Update> iterate(Connection c, String repo, String branch, String after, String prefix) {
        return new Iterator<>() {
            List<Update> batch = List.of();
            int pos;
            String last = after;
            boolean exhausted;

            @Override
            public boolean hasNext() {
                if (pos < batch.size()) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                try {
                    batch = Sql.query(c, "SELECT path, entry FROM staging WHERE repo = ? AND branch = ? AND path > ?"
                                    + " AND path >= ? AND substr(CAST(path AS BLOB), 1, ?) = CAST(? AS BLOB)"
                                    + " ORDER BY path LIMIT ?", StagingTable::map,
                            repo, branch, last, prefix, PathOrder.utf8Length(prefix), prefix, BATCH);
                } catch (SQLException e) {
                    throw new SqlRuntimeException(e);
                }
                pos = 0;
                exhausted = batch.size() < BATCH;
                if (!batch.isEmpty()) {
                    last = batch.get(batch.size() - 1).path();
                }
                return !batch.isEmpty();
            }

            @Override
            public Update next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.get(pos++);
            }
        };
    }

    private static Update map(java.sql.ResultSet rs) throws SQLException {
        byte[] entry = rs.getBytes(2);
        return new Update(rs.getString(1), entry == null ? null : Codec.decodeEntry(entry));
    }
}
