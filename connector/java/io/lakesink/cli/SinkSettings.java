package io.lakesink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.connect.config.CommitKeys;
import io.lakesink.connect.config.FormatKeys;
import io.lakesink.connect.config.LakeKeys;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.connect.config.SandboxKeys;
import io.lakesink.sql.SqlLimits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A connector's configuration as the CLI reads it: from the JSON file posted to Connect ({@code {"name": ...,
 * "config": {...}}} or the bare config map), or fetched from the Connect REST API.
 */
record SinkSettings(String connectorName, Map<String, String> config) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static SinkSettings load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the connector config " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " is not a JSON object of connector settings");
        }
        JsonNode config = root.has("config") ? root.get("config") : root;
        Map<String, String> map = new HashMap<>();
        config.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        String name = root.has("name") ? root.get("name").asText() : map.get("name");
        return new SinkSettings(name, map);
    }

    String get(String key) {
        String v = config.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    /** The key's value, or the connector's own default for it (declared once, in its ConfigDef). */
    private String getOrDefault(String key) {
        String v = get(key);
        return v != null ? v : String.valueOf(LakeSinkConfig.configDef().configKeys().get(key).defaultValue);
    }

    String backend() {
        return getOrDefault(LakeKeys.BACKEND);
    }

    String embeddedPath() {
        return get(LakeKeys.EMBEDDED_PATH);
    }

    String repository() {
        return get(LakeKeys.REPOSITORY);
    }

    String mainBranch() {
        return getOrDefault(LakeKeys.MAIN_BRANCH);
    }

    String ingestBranch() {
        return getOrDefault(LakeKeys.INGEST_BRANCH);
    }

    String topicsDir() {
        return getOrDefault(FormatKeys.TOPICS_DIR);
    }

    /** The connector's DuckDB limits, or the defaults; {@code query} uses them too. */
    SqlLimits sqlLimits() {
        return new SqlLimits(getOrDefault(SandboxKeys.MEMORY_LIMIT), Integer.parseInt(getOrDefault(SandboxKeys.THREADS)));
    }

    String bootstrapServers() {
        return get(CommitKeys.BOOTSTRAP_SERVERS);
    }
}
