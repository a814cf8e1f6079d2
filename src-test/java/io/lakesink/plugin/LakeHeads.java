package io.lakesink.plugin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code kafka.offsets} of a branch head, read straight from the embedded lake's SQLite file while the workers run
 * (a reader never blocks them: the lake is in WAL mode). Cheap enough to poll; the final verdict is
 * {@code BranchAudit}'s, which reads the data itself.
 */
final class LakeHeads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path database;
    private final String repository;

    LakeHeads(Path lakeDir, String repository) {
        this.database = lakeDir.resolve("lake.db");
        this.repository = repository;
    }

    boolean exists() {
        return Files.exists(database);
    }

    /** Partition number to next offset at the head of {@code branch}; empty while the branch or offsets are missing. */
    Map<Integer, Long> offsets(String branch, String topic) throws SQLException {
        if (!exists()) {
            return Map.of();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             PreparedStatement s = c.prepareStatement("SELECT c.metadata FROM branches b JOIN commits c"
                     + " ON c.repo = b.repo AND c.id = b.commit_id WHERE b.repo = ? AND b.name = ?")) {
            s.setString(1, repository);
            s.setString(2, branch);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Map.of();
                }
                Map<String, String> metadata = JSON.readValue(rs.getString(1), new TypeReference<>() { });
                String offsets = metadata.get("kafka.offsets");
                if (offsets == null) {
                    return Map.of();
                }
                Map<String, Map<String, Long>> byTopic = JSON.readValue(offsets, new TypeReference<>() { });
                Map<Integer, Long> out = new TreeMap<>();
                byTopic.getOrDefault(topic, Map.of()).forEach((p, next) -> out.put(Integer.parseInt(p), next));
                return out;
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable commit metadata in " + database, e);
        } catch (SQLException e) {
            if (e.getMessage() != null && (e.getMessage().contains("no such table")
                    || e.getMessage().contains("SQLITE_BUSY"))) {
                return Map.of(); // the lake is being created, or held by an injected outage
            }
            throw e;
        }
    }
}
