package io.lakesink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.connect.config.CommitKeys;
import io.lakesink.connect.config.FormatKeys;
import io.lakesink.connect.config.LakeKeys;

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

    String backend() {
        String b = get(LakeKeys.BACKEND);
        return b == null ? LakeKeys.EMBEDDED : b;
    }

    String embeddedPath() {
        return get(LakeKeys.EMBEDDED_PATH);
    }

    String repository() {
        return get(LakeKeys.REPOSITORY);
    }

    String mainBranch() {
        String v = get(LakeKeys.MAIN_BRANCH);
        return v == null ? "main" : v;
    }

    String ingestBranch() {
        String v = get(LakeKeys.INGEST_BRANCH);
        return v == null ? "ingest" : v;
    }

    String topicsDir() {
        String v = get(FormatKeys.TOPICS_DIR);
        return v == null ? "topics" : v;
    }

    String bootstrapServers() {
        return get(CommitKeys.BOOTSTRAP_SERVERS);
    }
}
