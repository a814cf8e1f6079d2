package io.lakesink.check;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A kind of check ({@code checks.<name>.type}): the keys it takes, declared once in a {@link ConfigDef} whose
 * names are relative to {@code checks.<name>.}, and how to build the check from them.
 */
public interface CheckType {
    /** The value of {@code checks.<name>.type}, e.g. {@code sql}. */
    String type();

    /** The check's own keys, without the {@code checks.<name>.} prefix; never includes {@code type}. */
    ConfigDef configDef();

    /** Builds a check from keys already validated against {@link #configDef()}. */
    Check create(String name, AbstractConfig config);
}
