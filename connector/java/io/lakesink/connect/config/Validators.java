package io.lakesink.connect.config;

import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNames;
import io.lakesink.sql.SqlLimits;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** {@link ConfigDef.Validator}s whose errors name the key and state the rule. */
final class Validators {
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private Validators() {
    }

    static ConfigDef.Validator repositoryName() {
        return of("a repository name (3-63 lower-case letters, digits, '-')", LakeNames::repository);
    }

    static ConfigDef.Validator branchName() {
        return of("a branch name (letters, digits, '_' and '-')", LakeNames::branch);
    }

    static ConfigDef.Validator topicName() {
        return of("a Kafka topic name (letters, digits, '.', '_', '-')", v -> {
            if (!TOPIC.matcher(v).matches()) {
                throw new IllegalArgumentException("'" + v + "' is not a legal Kafka topic name");
            }
        });
    }

    /** -1 (the broker's default) or a real replication factor; 0 and other negatives mean nothing to Kafka. */
    static ConfigDef.Validator replicationFactor() {
        return of("-1 (the broker's default) or a replication factor of at least 1", v -> {
            int factor = Integer.parseInt(v);
            if (factor != -1 && factor < 1) {
                throw new IllegalArgumentException(v + " is not a replication factor: use -1 for the broker's default"
                        + " or 1 or more");
            }
        });
    }

    /** Empty (the JVM's temporary directory) or an absolute path: a relative one would depend on the worker's cwd. */
    static ConfigDef.Validator absolutePathOrEmpty() {
        return of("empty or an absolute directory path", v -> {
            if (!v.isBlank() && !java.nio.file.Path.of(v.trim()).isAbsolute()) {
                throw new IllegalArgumentException("'" + v + "' is not an absolute path; a relative path would depend"
                        + " on the directory each worker was started in");
            }
        });
    }

    static ConfigDef.Validator zoneId() {
        return of("a time zone id such as UTC or Europe/Berlin", v -> {
            try {
                ZoneId.of(v);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone '" + v + "'");
            }
        });
    }

    static ConfigDef.Validator memorySize() {
        return of("a memory size such as 512MB or 2GB", v -> {
            String problem = SqlLimits.memoryLimitProblem(v);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        });
    }

    /** A relative path inside the lake: no leading or trailing '/', no empty, '.' or '..' segments. */
    static ConfigDef.Validator relativeDirectory() {
        return of("a relative directory such as 'topics'", v -> {
            for (String segment : v.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("'" + v + "' must be a relative path with no empty, '.' or '..'"
                            + " segments and no leading or trailing '/'");
                }
            }
        });
    }

    private static ConfigDef.Validator of(String what, Consumer<String> check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                try {
                    check.accept(value.toString());
                } catch (LakeInvalidArgumentException | IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return what;
            }
        };
    }
}
