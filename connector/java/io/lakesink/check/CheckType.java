package io.lakesink.check;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/**
 * A kind of check ({@code checks.<name>.type}): the keys it takes, declared once in a {@link ConfigDef} whose
 * names are relative to {@code checks.<name>.}, and how to build the check from them.
 */
public interface CheckType {
    /** The value of {@code checks.<name>.type}, e.g. {@code sql}. */
    String type();

    /** The check's own keys, without the {@code checks.<name>.} prefix; never includes {@code type}. */
    ConfigDef configDef();

    /**
     * What a key's own validator cannot see, found before the first record instead of at the first commit: rules
     * between keys, or a class that must exist. Keys (relative, as in {@link #configDef()}) to messages; empty when
     * all is well. Called only with keys that passed {@link #configDef()}.
     */
    default Map<String, String> problems(AbstractConfig config) {
        return Map.of();
    }

    /** Builds a check from keys already validated against {@link #configDef()}. */
    Check create(String name, AbstractConfig config);
}
