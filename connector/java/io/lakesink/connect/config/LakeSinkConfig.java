package io.lakesink.connect.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import io.lakesink.check.Check;
import io.lakesink.compact.CompactionPolicy;
import io.lakesink.record.ParquetCodec;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RowLayout;
import io.lakesink.sql.SqlLimits;
import io.lakesink.write.DefaultPartitioner;
import io.lakesink.write.FieldPartitioner;
import io.lakesink.write.Partitioner;
import io.lakesink.write.Rotation;
import io.lakesink.write.TimeBasedPartitioner;
import io.lakesink.write.TimestampExtractor;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector's configuration: every key is declared once, by its group's class, in {@link #configDef()};
 * {@link CrossKeyRules} checks what one key's validator cannot see alone.
 */
public final class LakeSinkConfig extends AbstractConfig {
    private static final ConfigDef CONFIG_DEF = build();

    public LakeSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        Map<String, String> problems = CrossKeyRules.check(this);
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            throw new ConfigException(first.getKey(), props.get(first.getKey()), first.getValue());
        }
        Map<String, List<String>> checkProblems = CheckConfigs.validate(props, checkNames());
        if (!checkProblems.isEmpty()) {
            Map.Entry<String, List<String>> first = checkProblems.entrySet().iterator().next();
            throw new ConfigException(first.getKey(), props.get(first.getKey()), first.getValue().get(0));
        }
    }

    /**
     * What Connect's {@code validate} reports: each key's own validation, then the rules between keys, with every
     * message attached to the key the user should change.
     */
    public static List<ConfigValue> validate(Map<String, String> props) {
        List<ConfigValue> values = CONFIG_DEF.validate(props);
        if (values.stream().allMatch(v -> v.errorMessages().isEmpty())) {
            AbstractConfig parsed = new AbstractConfig(CONFIG_DEF, props, false);
            Map<String, String> problems = CrossKeyRules.check(parsed);
            if (LakeKeys.EMBEDDED.equals(parsed.getString(LakeKeys.BACKEND))
                    && !problems.containsKey(LakeKeys.EMBEDDED_PATH)) {
                String pathProblem = EmbeddedPathRules.problem(parsed.getString(LakeKeys.EMBEDDED_PATH).trim());
                if (pathProblem != null) {
                    problems.put(LakeKeys.EMBEDDED_PATH, pathProblem);
                }
            }
            problems.forEach((key, message) -> values.stream()
                    .filter(v -> v.name().equals(key)).findFirst().orElseThrow().addErrorMessage(message));
            CheckConfigs.validate(props, parsed.getList(PublishKeys.CHECKS)).forEach((key, messages) -> {
                ConfigValue v = new ConfigValue(key);
                messages.forEach(v::addErrorMessage);
                values.add(v);
            });
        }
        return values;
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef build() {
        ConfigDef def = new ConfigDef();
        LakeKeys.define(def);
        LakeFsKeys.define(def);
        FormatKeys.define(def);
        PartitionerKeys.define(def);
        RotationKeys.define(def);
        StagingKeys.define(def);
        CommitKeys.define(def);
        PublishKeys.define(def);
        CompactionKeys.define(def);
        SandboxKeys.define(def);
        return def;
    }

    public String backend() {
        return getString(LakeKeys.BACKEND);
    }

    /** How to reach lakeFS; only meaningful when {@link #backend()} is lakefs. */
    public io.lakesink.lake.lakefs.LakeFsSettings lakeFsSettings() {
        return LakeFsKeys.settings(originals());
    }

    public Path embeddedPath() {
        return Path.of(getString(LakeKeys.EMBEDDED_PATH));
    }

    public String repository() {
        return getString(LakeKeys.REPOSITORY);
    }

    public boolean createRepository() {
        return getBoolean(LakeKeys.CREATE_REPOSITORY);
    }

    public String ingestBranch() {
        return getString(LakeKeys.INGEST_BRANCH);
    }

    /** The connector this one takes the ingest branch over from, or null. */
    public String ingestTakeoverFrom() {
        String from = getString(LakeKeys.INGEST_TAKEOVER_FROM);
        return from == null || from.isBlank() ? null : from.strip();
    }

    public String mainBranch() {
        return getString(LakeKeys.MAIN_BRANCH);
    }

    public String topicsDir() {
        return getString(FormatKeys.TOPICS_DIR);
    }

    public String partitionerType() {
        return getString(PartitionerKeys.TYPE);
    }

    public List<String> partitionFields() {
        return getList(PartitionerKeys.FIELDS);
    }

    public Rotation rotation() {
        return new Rotation(fileSizeTargetBytes(), getInt(RotationKeys.FLUSH_SIZE),
                getLong(RotationKeys.ROTATE_INTERVAL_MS), getInt(RotationKeys.MAX_OPEN_FILES));
    }

    public long fileSizeTargetBytes() {
        return getLong(RotationKeys.FILE_SIZE_TARGET);
    }

    public boolean ignoreNullValues() {
        return "ignore".equals(getString(FormatKeys.NULL_VALUES));
    }

    public boolean encoderThread() {
        return getBoolean(FormatKeys.ENCODER_THREAD);
    }

    public ParquetSettings parquetSettings() {
        return ParquetSettings.DEFAULT.withCodec(ParquetCodec.fromConfig(getString(FormatKeys.PARQUET_CODEC)))
                .withWriterVersion("v1".equals(getString(FormatKeys.WRITER_VERSION))
                        ? org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_1_0
                        : org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_2_0)
                .withRowGroupSize(getInt(FormatKeys.ROW_GROUP_SIZE))
                .withPageSize(getInt(FormatKeys.PAGE_SIZE));
    }

    public RowLayout rowLayout() {
        return new RowLayout(getBoolean(FormatKeys.WRITE_COORDINATES), getBoolean(FormatKeys.WRITE_KEY),
                getBoolean(FormatKeys.WRITE_HEADERS));
    }

    public Partitioner partitioner() {
        return switch (partitionerType()) {
            case PartitionerKeys.FIELD -> new FieldPartitioner(partitionFields());
            case PartitionerKeys.TIME -> new TimeBasedPartitioner(getString(PartitionerKeys.PATH_FORMAT),
                    getLong(PartitionerKeys.DURATION_MS), ZoneId.of(getString(PartitionerKeys.TIMEZONE)),
                    Locale.forLanguageTag(getString(PartitionerKeys.LOCALE)),
                    TimestampExtractor.fromConfig(getString(PartitionerKeys.TIMESTAMP_EXTRACTOR),
                            getString(PartitionerKeys.TIMESTAMP_FIELD), Clock.systemUTC()));
            default -> new DefaultPartitioner();
        };
    }

    public boolean publishEnabled() {
        return getBoolean(PublishKeys.ENABLED);
    }

    public List<String> checkNames() {
        return getList(PublishKeys.CHECKS);
    }

    public long mergeIntervalMs() {
        return getLong(PublishKeys.MERGE_INTERVAL_MS);
    }

    public List<String> mergeRequireTopics() {
        return getList(PublishKeys.REQUIRE_TOPICS);
    }

    public long mergeRequireWatermarkLagMs() {
        return getLong(PublishKeys.REQUIRE_WATERMARK_LAG_MS);
    }

    public String checksOnFailure() {
        return getString(PublishKeys.ON_FAILURE);
    }

    /** What one check's DuckDB session may take from the worker. */
    public SqlLimits sqlLimits() {
        return SandboxKeys.limits(this);
    }

    /** The configured checks, built from their {@code checks.<name>.*} keys. */
    public List<Check> checks() {
        return CheckConfigs.build(originalsStrings(), checkNames());
    }

    public long commitIntervalMs() {
        return getLong(CommitKeys.INTERVAL_MS);
    }

    public long commitTimeoutMs() {
        return getLong(CommitKeys.TIMEOUT_MS);
    }

    public int commitMaxFailedCycles() {
        return getInt(CommitKeys.MAX_FAILED_CYCLES);
    }

    /** How old an unlinked upload must be before it is deleted. */
    public boolean compactionEnabled() {
        return getBoolean(CompactionKeys.ENABLED);
    }

    public CompactionPolicy compactionPolicy() {
        return new CompactionPolicy(fileSizeTargetBytes(), getInt(CompactionKeys.MIN_SMALL_FILES));
    }

    public long compactionIntervalMs() {
        return getLong(CompactionKeys.INTERVAL_MS);
    }

    /** How long the embedded lake keeps objects only old commits refer to; empty: for ever. */
    public java.util.Optional<java.time.Duration> embeddedRetention() {
        long ms = getLong(CompactionKeys.RETENTION_MS);
        return ms < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.ofMillis(ms));
    }

    public java.time.Duration unlinkedFilesGrace() {
        long configured = getLong(CommitKeys.UNLINKED_GRACE_MS);
        return java.time.Duration.ofMillis(configured >= 0 ? configured
                : 10 * Math.max(commitIntervalMs(), commitTimeoutMs()));
    }

    public String controlTopic() {
        return getString(CommitKeys.CONTROL_TOPIC);
    }

    /** The control topic's replication factor when LakeSink creates it; empty: the broker's default. */
    public java.util.Optional<Short> controlTopicReplicationFactor() {
        short factor = getShort(CommitKeys.CONTROL_TOPIC_REPLICATION_FACTOR);
        return factor == -1 ? java.util.Optional.empty() : java.util.Optional.of(factor);
    }

    /** The directory under which each task makes its own staging directory. */
    public Path workDir() {
        return StagingKeys.workDir(this);
    }

    /** Settings for the control topic's Kafka clients: every {@code kafka.*} key, without the prefix. */
    public Map<String, Object> controlClientProps() {
        return new HashMap<>(originalsWithPrefix(CommitKeys.KAFKA_PREFIX));
    }
}
