package io.lakesink.lake.embedded;

import io.lakesink.lake.Branch;
import io.lakesink.lake.LakeNotFoundException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Rows of {@code branches}: a branch is a name and the id of its head commit. */
final class BranchTable {
    Branch find(Connection c, String repo, String name) throws SQLException {
        return Sql.one(c, "SELECT name, commit_id FROM branches WHERE repo = ? AND name = ?",
                rs -> new Branch(rs.getString(1), rs.getString(2)), repo, name);
    }

    Branch require(Connection c, String repo, String name) throws SQLException {
        Branch b = find(c, repo, name);
        if (b == null) {
            throw new LakeNotFoundException("branch '" + name + "' not found in repository '" + repo + "'");
        }
        return b;
    }

    /** Up to {@code limit} branches with names after {@code after}, in name order. */
    List<Branch> list(Connection c, String repo, String after, int limit) throws SQLException {
        return Sql.query(c, "SELECT name, commit_id FROM branches WHERE repo = ? AND name > ? ORDER BY name LIMIT ?",
                rs -> new Branch(rs.getString(1), rs.getString(2)), repo, after, limit);
    }

    void insert(Connection c, String repo, String name, String commitId) throws SQLException {
        Sql.update(c, "INSERT INTO branches (repo, name, commit_id) VALUES (?, ?, ?)", repo, name, commitId);
    }

    void move(Connection c, String repo, String name, String commitId) throws SQLException {
        Sql.update(c, "UPDATE branches SET commit_id = ? WHERE repo = ? AND name = ?", commitId, repo, name);
    }

    void delete(Connection c, String repo, String name) throws SQLException {
        Sql.update(c, "DELETE FROM branches WHERE repo = ? AND name = ?", repo, name);
    }
}
