package io.lakesink.connect.config;

import io.lakesink.check.Check;
import io.lakesink.check.CheckType;
import io.lakesink.check.catalog.CheckTypes;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of each named check ({@code checks.<name>.type} and that type's own keys), validated with the type's
 * {@code ConfigDef} the way Connect validates a transformation's keys, and the checks built from them.
 */
public final class CheckConfigs {
    private CheckConfigs() {
    }

    /** Problems by full key name ({@code checks.<name>.<key>}); empty when every check is configured well. */
    public static Map<String, List<String>> validate(Map<String, String> props, List<String> names) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (String name : names) {
            String prefix = PublishKeys.CHECK_PREFIX + name + ".";
            CheckType type;
            try {
                type = typeOf(props, name);
            } catch (ConfigException e) {
                problems.computeIfAbsent(prefix + "type", k -> new ArrayList<>()).add(e.getMessage());
                continue;
            }
            Map<String, String> own = ownKeys(props, name);
            boolean keysValid = true;
            for (ConfigValue v : type.configDef().validate(own)) {
                for (String message : v.errorMessages()) {
                    keysValid = false;
                    problems.computeIfAbsent(prefix + v.name(), k -> new ArrayList<>())
                            .add(withFullKey(message, v.name(), prefix + v.name()));
                }
            }
            if (keysValid) {
                type.problems(new AbstractConfig(type.configDef(), own, false)).forEach((key, message) ->
                        problems.computeIfAbsent(prefix + key, k -> new ArrayList<>())
                                .add(withFullKey(message, key, prefix + key)));
            }
        }
        return problems;
    }

    /**
     * ConfigDef's message names the key as the type knows it ({@code sql}); the user knows it as
     * {@code checks.<name>.sql}. Only the key's name is replaced, never the same letters inside the value.
     */
    private static String withFullKey(String message, String key, String fullKey) {
        String named = message.replaceFirst("(configuration \"?)" + Pattern.quote(key) + "(?![\\w.])",
                "$1" + Matcher.quoteReplacement(fullKey));
        return named.contains(fullKey) ? named : fullKey + ": " + named;
    }

    public static List<Check> build(Map<String, String> props, List<String> names) {
        List<Check> checks = new ArrayList<>();
        for (String name : names) {
            CheckType type = typeOf(props, name);
            checks.add(type.create(name, new AbstractConfig(type.configDef(), ownKeys(props, name))));
        }
        return checks;
    }

    private static CheckType typeOf(Map<String, String> props, String name) {
        String key = PublishKeys.CHECK_PREFIX + name + PublishKeys.TYPE_SUFFIX;
        String type = props.get(key);
        if (type == null || type.isBlank()) {
            throw new ConfigException(key + " is required for check '" + name + "': one of "
                    + CheckTypes.all().stream().map(CheckType::type).toList());
        }
        try {
            return CheckTypes.byName(type.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    /** The check's keys without the {@code checks.<name>.} prefix and without {@code type}. */
    static Map<String, String> ownKeys(Map<String, String> props, String name) {
        String prefix = PublishKeys.CHECK_PREFIX + name + ".";
        Map<String, String> own = new HashMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                own.put(k.substring(prefix.length()), v);
            }
        });
        return own;
    }
}
