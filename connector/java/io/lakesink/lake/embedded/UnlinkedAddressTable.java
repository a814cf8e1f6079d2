package io.lakesink.lake.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Physical addresses handed out for writing and not linked yet: the only files garbage collection may remove. */
final class UnlinkedAddressTable {
    void add(Connection c, String repo, String address, long issuedMs) throws SQLException {
        Sql.update(c, "INSERT INTO unlinked_addresses (repo, address, issued_ms) VALUES (?, ?, ?)",
                repo, address, issuedMs);
    }

    boolean contains(Connection c, String repo, String address) throws SQLException {
        return Sql.one(c, "SELECT 1 FROM unlinked_addresses WHERE repo = ? AND address = ?", rs -> true,
                repo, address) != null;
    }

    /** Marks an address linked; true when it was waiting to be. */
    boolean remove(Connection c, String repo, String address) throws SQLException {
        return Sql.update(c, "DELETE FROM unlinked_addresses WHERE repo = ? AND address = ?", repo, address) > 0;
    }

    long count(Connection c, String repo) throws SQLException {
        return Sql.one(c, "SELECT count(*) FROM unlinked_addresses WHERE repo = ?", rs -> rs.getLong(1), repo);
    }

    List<String> issuedBefore(Connection c, String repo, long cutoffMs) throws SQLException {
        return Sql.query(c, "SELECT address FROM unlinked_addresses WHERE repo = ? AND issued_ms <= ?",
                rs -> rs.getString(1), repo, cutoffMs);
    }
}
