package io.lakesink.lake.embedded;

import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.Repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Rows of {@code repositories}. */
final class RepositoryTable {
    private final ObjectFiles files;

    RepositoryTable(ObjectFiles files) {
        this.files = files;
    }

    Repository find(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT name, default_branch, created_ms FROM repositories WHERE name = ?", this::map, name);
    }

    Repository require(Connection c, String name) throws SQLException {
        Repository r = find(c, name);
        if (r == null) {
            throw new LakeNotFoundException("repository '" + name + "' not found: create it first"
                    + " (the connector does so when it starts)");
        }
        return r;
    }

    List<Repository> list(Connection c) throws SQLException {
        return Sql.query(c, "SELECT name, default_branch, created_ms FROM repositories ORDER BY name", this::map);
    }

    void insert(Connection c, String name, String defaultBranch, long createdMs) throws SQLException {
        Sql.update(c, "INSERT INTO repositories (name, default_branch, created_ms) VALUES (?, ?, ?)",
                name, defaultBranch, createdMs);
    }

    void delete(Connection c, String name) throws SQLException {
        for (String table : List.of("branches", "commits", "staging", "ranges", "meta_ranges", "unlinked_addresses")) {
            Sql.update(c, "DELETE FROM " + table + " WHERE repo = ?", name);
        }
        Sql.update(c, "DELETE FROM repositories WHERE name = ?", name);
    }

    private Repository map(java.sql.ResultSet rs) throws SQLException {
        String name = rs.getString(1);
        return new Repository(name, rs.getString(2), files.storageNamespace(name), Instant.ofEpochMilli(rs.getLong(3)));
    }
}
