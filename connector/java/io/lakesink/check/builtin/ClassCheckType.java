package io.lakesink.check.builtin;

import io.lakesink.check.Check;
import io.lakesink.check.CheckType;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code class}: a user's own {@link Check}, found on the plugin path. The class needs a public constructor
 * {@code (String name, Map<String, String> config)}, which receives the check's other keys without their prefix.
 */
public final class ClassCheckType implements CheckType {
    @Override
    public String type() {
        return "class";
    }

    @Override
    public ConfigDef configDef() {
        return new ConfigDef().define("class", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, "Fully qualified name of a class implementing io.lakesink.check.Check.");
    }

    /** The class is loaded and its constructor found at validate, not at the first commit. */
    @Override
    public Map<String, String> problems(AbstractConfig config) {
        try {
            constructorOf(config.getString("class"));
            return Map.of();
        } catch (ConfigException e) {
            return Map.of("class", e.getMessage());
        }
    }

    @Override
    public Check create(String name, AbstractConfig config) {
        String className = config.getString("class");
        Map<String, String> own = new HashMap<>();
        config.originalsStrings().forEach((k, v) -> {
            if (!k.equals("class")) {
                own.put(k, v);
            }
        });
        try {
            return constructorOf(className).newInstance(name, own);
        } catch (ReflectiveOperationException e) {
            throw new ConfigException("class", className, "cannot be built with its (String name, Map<String, String>"
                    + " config) constructor: " + (e.getCause() != null ? e.getCause() : e));
        }
    }

    private Constructor<? extends Check> constructorOf(String className) {
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, false, loader == null ? getClass().getClassLoader() : loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException("class", className, "no such class on the worker's plugin path (" + e + ")");
        }
        if (!Check.class.isAssignableFrom(type)) {
            throw new ConfigException("class", className, "does not implement " + Check.class.getName());
        }
        try {
            return type.asSubclass(Check.class).getConstructor(String.class, Map.class);
        } catch (NoSuchMethodException e) {
            throw new ConfigException("class", className, "has no public (String name, Map<String, String> config)"
                    + " constructor");
        }
    }
}
