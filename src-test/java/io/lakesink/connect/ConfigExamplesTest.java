package io.lakesink.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every JSON config in config-examples/ is what the Connect REST API accepts and passes the connector's validate. */
class ConfigExamplesTest {
    static List<Path> examples() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("config-examples"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyExampleValidates() throws Exception {
        List<Path> examples = examples();
        assertFalse(examples.isEmpty(), "config-examples/ holds no JSON config");
        ObjectMapper json = new ObjectMapper();
        for (Path example : examples) {
            JsonNode root = json.readTree(example.toFile());
            assertFalse(root.path("name").asText().isEmpty(), example + " has no connector name");
            Map<String, String> config = json.convertValue(root.get("config"), new TypeReference<>() { });
            assertEquals(LakeSinkConnector.class.getName(), config.get("connector.class"), example.toString());
            onThisMachine(config);
            List<String> errors = new LakeSinkConnector().validate(config).configValues().stream()
                    .flatMap(v -> v.errorMessages().stream().map(m -> v.name() + ": " + m)).toList();
            assertEquals(List.of(), errors, example + " does not validate");
        }
    }

    /**
     * The examples' lake paths (/var/lib/lakesink/...) as a path this machine can create: validate checks the
     * path on the machine it runs on, which is about the machine, not the example.
     */
    private static void onThisMachine(Map<String, String> config) {
        if (config.containsKey("lake.embedded.path")) {
            config.put("lake.embedded.path", Path.of(System.getProperty("java.io.tmpdir"), "lakesink-examples",
                    Path.of(config.get("lake.embedded.path")).getFileName().toString()).toString());
        }
    }

    /**
     * A connector config shown in README.md or docs/ is one of config-examples/ as it is, so the test that runs every
     * example on a Connect cluster ({@link ExamplesOnConnectTest}) runs what a reader copies too.
     */
    @Test
    void everyConfigInTheDocsIsAnExampleAsItIs() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> examples = new java.util.ArrayList<>();
        for (Path example : examples()) {
            examples.add(json.readTree(example.toFile()).get("config"));
        }
        List<Path> docs = new java.util.ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        int shown = 0;
        for (Path doc : docs) {
            for (String block : jsonBlocks(Files.readString(doc))) {
                JsonNode node = json.readTree(block);
                JsonNode config = node.has("config") ? node.get("config") : node;
                if (!config.has("connector.class")) {
                    continue;
                }
                shown++;
                assertTrue(examples.contains(config), doc + " shows a connector config that is not one of"
                        + " config-examples/ as it is (copy the file's config there):\n" + block);
            }
        }
        assertTrue(shown >= 1, "README.md shows a connector config; this test found none, so it reads the docs wrong");
    }

    /** The text of every fenced ```json block. */
    static List<String> jsonBlocks(String markdown) {
        List<String> blocks = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*```json\\s*\\n(.*?)^\\s*```",
                java.util.regex.Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** Makes sure the check above can fail: a broken copy of an example is refused, naming the key. */
    @Test
    void aBrokenExampleIsRefusedNamingTheKey() throws Exception {
        Map<String, String> config = new ObjectMapper().convertValue(
                new ObjectMapper().readTree(examples().get(0).toFile()).get("config"), new TypeReference<>() { });
        config.put("lake.main.branch", config.getOrDefault("lake.ingest.branch", "ingest"));
        onThisMachine(config);
        List<ConfigValue> values = new LakeSinkConnector().validate(config).configValues();
        assertEquals(List.of("lake.ingest.branch"), values.stream().filter(v -> !v.errorMessages().isEmpty())
                .map(ConfigValue::name).toList());
    }
}
