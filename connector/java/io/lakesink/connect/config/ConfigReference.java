package io.lakesink.connect.config;

import io.lakesink.check.CheckType;
import io.lakesink.check.catalog.CheckTypes;
import org.apache.kafka.common.config.ConfigDef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the configuration reference in Markdown from the {@link ConfigDef}, so the docs cannot drift from the
 * code. Run with the output file as argument to regenerate {@code docs/configuration.md}.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    public static String markdown(ConfigDef def) {
        StringBuilder doc = new StringBuilder("""
                # Configuration reference

                Generated from the connector's `ConfigDef` by `io.lakesink.connect.config.ConfigReference`; a test
                fails when this file is stale. Kafka Connect's own sink keys (`topics`, `topics.regex`,
                `errors.tolerance`, `errors.deadletterqueue.topic.name`, ...) apply as usual.

                """);
        appendGroups(doc, def, "## ", "### `");
        doc.append("""
                ## Check types

                Each name in `checks` takes `checks.<name>.type` and the keys of its type, as
                `checks.<name>.<key>`.

                """);
        for (CheckType type : CheckTypes.all()) {
            doc.append("### ").append(type.type()).append("\n\n");
            appendGroups(doc, type.configDef(), null, "#### `checks.<name>.");
        }
        return doc.toString().stripTrailing() + "\n";
    }

    /** Keys by group; without a group heading (check types) the keys follow one another. */
    private static void appendGroups(StringBuilder doc, ConfigDef def, String groupHeading, String keyHeading) {
        Map<String, StringBuilder> groups = new LinkedHashMap<>();
        groups.put(null, new StringBuilder());
        for (String group : def.groups()) {
            groups.put(group, new StringBuilder());
        }
        // keys come in the order their groups defined them
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            StringBuilder out = groups.get(key.group);
            out.append(keyHeading).append(key.name).append("`\n\n").append(key.documentation).append("\n\n");
            out.append("- type: ").append(key.type.name().toLowerCase()).append('\n');
            out.append("- default: ").append(!key.hasDefault() ? "none (required)" : key.defaultValue == null
                    ? "none (optional)" : "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`").append('\n');
            if (key.validator != null && !key.validator.toString().contains("$$Lambda")) {
                out.append("- valid values: ").append(key.validator).append('\n');
            }
            out.append("- importance: ").append(key.importance.name().toLowerCase()).append("\n\n");
        }
        groups.forEach((group, body) -> {
            if (group != null && groupHeading != null) {
                doc.append(groupHeading).append(group).append("\n\n");
            }
            doc.append(body);
        });
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(out, markdown(LakeSinkConfig.configDef()), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
