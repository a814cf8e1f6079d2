package io.lakesink.lake.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNotFoundException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rows of {@code commits}. Commits never change, so they are cached once read. */
final class CommitTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS =
            "id, parents, message, committer, metadata, created_ms, meta_range_id, generation";

    private final LruCache<String, Commit> cache = new LruCache<>(4096);

    Commit find(Connection c, String repo, String id) throws SQLException {
        String key = repo + '/' + id;
        Commit commit = cache.get(key);
        if (commit == null) {
            commit = Sql.one(c, "SELECT " + COLUMNS + " FROM commits WHERE repo = ? AND id = ?", CommitTable::map,
                    repo, id);
            if (commit != null) {
                cache.put(key, commit);
            }
        }
        return commit;
    }

    Commit require(Connection c, String repo, String id) throws SQLException {
        Commit commit = find(c, repo, id);
        if (commit == null) {
            throw new LakeNotFoundException("commit '" + id + "' not found in repository '" + repo + "'");
        }
        return commit;
    }

    /** The commit whose id starts with {@code prefix}, or null; more than one is an error naming the prefix. */
    Commit findByPrefix(Connection c, String repo, String prefix) throws SQLException {
        List<String> ids = Sql.query(c, "SELECT id FROM commits WHERE repo = ? AND id >= ? AND substr(id, 1, ?) = ?"
                + " ORDER BY id LIMIT 2", rs -> rs.getString(1), repo, prefix, prefix.length(), prefix);
        if (ids.size() > 1) {
            throw new LakeInvalidArgumentException("commit id prefix '" + prefix + "' is ambiguous in repository '"
                    + repo + "': give more characters");
        }
        return ids.isEmpty() ? null : find(c, repo, ids.get(0));
    }

    void insert(Connection c, String repo, Commit commit) throws SQLException {
        Sql.update(c, "INSERT INTO commits (repo, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", repo,
                commit.id(), toJson(commit.parents()), commit.message(), commit.committer(),
                toJson(new TreeMap<>(commit.metadata())), commit.creationDate().toEpochMilli(), commit.metaRangeId(),
                commit.generation());
    }

    private static Commit map(ResultSet rs) throws SQLException {
        try {
            return new Commit(rs.getString(1), JSON.readValue(rs.getString(2), new TypeReference<List<String>>() { }),
                    rs.getString(3), rs.getString(4),
                    JSON.readValue(rs.getString(5), new TypeReference<Map<String, String>>() { }),
                    Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7), rs.getLong(8));
        } catch (JsonProcessingException e) {
            throw new CorruptLakeException("commit " + rs.getString(1) + " has unreadable parents or metadata", e);
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lists and maps of strings always serialise", e);
        }
    }
}
