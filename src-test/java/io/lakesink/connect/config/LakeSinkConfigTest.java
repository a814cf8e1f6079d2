package io.lakesink.connect.config;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LakeSinkConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        // a path any user can create: validate looks at the disk of the machine it runs on
        props.put("lake.embedded.path", Path.of(System.getProperty("java.io.tmpdir"), "lakesink-config-test", "lake")
                .toString());
        props.put("lake.repository", "events");
        props.put("kafka.bootstrap.servers", "localhost:9092");
        return props;
    }

    private static Map<String, String> with(String... keyValues) {
        Map<String, String> props = minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    /** The error messages {@code validate} attaches to each key, for keys that have any. */
    private static Map<String, List<String>> errors(Map<String, String> props) {
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue v : LakeSinkConfig.validate(props)) {
            if (!v.errorMessages().isEmpty()) {
                errors.put(v.name(), v.errorMessages());
            }
        }
        return errors;
    }

    private static void assertOnlyErrorOn(String key, String expectedFragment, Map<String, String> props) {
        Map<String, List<String>> errors = errors(props);
        assertEquals(List.of(key), List.copyOf(errors.keySet()), "errors: " + errors);
        String message = errors.get(key).get(0);
        assertTrue(message.contains(key), "the message should name the key: " + message);
        assertTrue(message.contains(expectedFragment), message);
    }

    @Test
    void minimalConfigurationTakesTheDefaults() {
        assertEquals(Map.of(), errors(minimal()));
        LakeSinkConfig c = new LakeSinkConfig(minimal());
        assertEquals("embedded", c.backend());
        assertEquals("ingest", c.ingestBranch());
        assertEquals("main", c.mainBranch());
        assertEquals("topics", c.topicsDir());
        assertEquals("default", c.partitionerType());
        assertEquals(io.lakesink.write.Rotation.DEFAULT, c.rotation(), "files close at the commit or at 128 MiB");
        assertEquals(io.lakesink.record.ParquetCodec.ZSTD, c.parquetSettings().codec());
        assertEquals(org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_2_0,
                c.parquetSettings().writerVersion(), "delta encodings for the offsets");
        assertEquals(org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_1_0,
                new LakeSinkConfig(with("parquet.writer.version", "v1")).parquetSettings().writerVersion());
        assertEquals(60_000L, c.commitIntervalMs());
        assertEquals("lakesink-control", c.controlTopic());
        assertEquals("localhost:9092", c.controlClientProps().get("bootstrap.servers"));
    }

    @Test
    void eachKeysOwnRuleNamesTheKey() {
        assertOnlyErrorOn("lake.repository", "lower-case", with("lake.repository", "Bad_Name"));
        assertOnlyErrorOn("lake.ingest.branch", "'/'", with("lake.ingest.branch", "ingest/eu"));
        assertOnlyErrorOn("lake.backend", "embedded", with("lake.backend", "s3"));
        assertOnlyErrorOn("parquet.codec", "snappy", with("parquet.codec", "lz4"));
        assertOnlyErrorOn("flush.size", "at least 0", with("flush.size", "-1"));
        assertOnlyErrorOn("file.size.target.bytes", "at least 65536", with("file.size.target.bytes", "1000"));
        assertOnlyErrorOn("topics.dir", "'..'", with("topics.dir", "../outside"));
        assertOnlyErrorOn("timezone", "Mars/Olympus", with("timezone", "Mars/Olympus"));
        assertOnlyErrorOn("control.topic", "topic name", with("control.topic", "bad topic!"));
    }

    @Test
    void requiredKeysAreNamedWhenMissing() {
        Map<String, String> props = minimal();
        props.remove("lake.repository");
        props.remove("kafka.bootstrap.servers");
        Map<String, List<String>> errors = errors(props);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get("lake.repository").get(0).contains("lake.repository"));
        assertTrue(errors.get("kafka.bootstrap.servers").get(0).contains("kafka.bootstrap.servers"));
    }

    @Test
    void rulesBetweenKeysAreReportedOnTheKeyToChange() {
        assertOnlyErrorOn("lake.embedded.path", "required", with("lake.embedded.path", ""));
        assertOnlyErrorOn("lake.embedded.path", "absolute", with("lake.embedded.path", "lake"));
        assertOnlyErrorOn("lake.embedded.path", "one machine", with("lake.embedded.path", "s3://bucket/lake"));
        assertOnlyErrorOn("lake.ingest.branch", "must differ", with("lake.ingest.branch", "main"));
        assertOnlyErrorOn("partition.field.name", "required", with("partitioner.type", "field"));
        assertOnlyErrorOn("timestamp.field", "RecordField", with("partitioner.type", "time",
                "path.format", "'day'=dd", "partition.duration.ms", "86400000", "timestamp.extractor", "RecordField"));
        Map<String, List<String>> time = errors(with("partitioner.type", "time"));
        assertEquals(2, time.size(), time.toString());
        assertTrue(time.get("path.format").get(0).contains("path.format"));
        assertTrue(time.get("partition.duration.ms").get(0).contains("positive"));
    }

    @Test
    void anEmbeddedPathThatIsAFileOrCannotBeCreatedIsNamedAtValidate() throws Exception {
        Path dir = Files.createTempDirectory("lakesink-validate");
        Path file = Files.writeString(dir.resolve("a-file"), "not a lake");
        assertOnlyErrorOn("lake.embedded.path", "is a file", with("lake.embedded.path", file.toString()));
        assertOnlyErrorOn("lake.embedded.path", file + " is a file",
                with("lake.embedded.path", file.resolve("lake").toString()));
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        if (readOnly.toFile().setWritable(false, false) && !Files.isWritable(readOnly)) { // root writes anywhere
            assertOnlyErrorOn("lake.embedded.path", "cannot write to " + readOnly,
                    with("lake.embedded.path", readOnly.resolve("lake").toString()));
        }
        assertEquals(Map.of(), errors(with("lake.embedded.path", dir.resolve("new/lake").toString())),
                "a directory that does not exist yet but can be created is fine");
    }

    @Test
    void theLakeFsBackendNeedsItsEndpointAndCredentials() {
        Map<String, String> lakeFs = with("lake.backend", "lakefs", "lake.embedded.path", "",
                "lakefs.endpoint", "https://lakefs.example.com/api/v1", "lakefs.access.key.id", "AKIA",
                "lakefs.secret.access.key", "s3cr3t");
        assertEquals(Map.of(), errors(lakeFs));
        Map<String, String> noEndpoint = new HashMap<>(lakeFs);
        noEndpoint.remove("lakefs.endpoint");
        assertOnlyErrorOn("lakefs.endpoint", "required", noEndpoint);
        Map<String, String> notHttp = new HashMap<>(lakeFs);
        notHttp.put("lakefs.endpoint", "lakefs:8000");
        assertOnlyErrorOn("lakefs.endpoint", "http(s) URL", notHttp);
        Map<String, String> noHost = new HashMap<>(lakeFs);
        noHost.put("lakefs.endpoint", "http:/api/v1");
        assertOnlyErrorOn("lakefs.endpoint", "http(s) URL", noHost);
        Map<String, String> notAUrl = new HashMap<>(lakeFs);
        notAUrl.put("lakefs.endpoint", "http://");
        assertOnlyErrorOn("lakefs.endpoint", "not a URL", notAUrl);
        Map<String, String> noSecret = new HashMap<>(lakeFs);
        noSecret.remove("lakefs.secret.access.key");
        assertOnlyErrorOn("lakefs.secret.access.key", "required", noSecret);
        assertOnlyErrorOn("lakefs.retry.max.attempts", "at least 1", with("lakefs.retry.max.attempts", "0"));

        LakeSinkConfig c = new LakeSinkConfig(lakeFs);
        assertEquals("lakefs", c.backend());
        assertEquals("https://lakefs.example.com/api/v1", c.lakeFsSettings().endpoint());
        assertEquals("s3cr3t", c.lakeFsSettings().secretAccessKey());
        assertTrue(!c.lakeFsSettings().toString().contains("s3cr3t"), "the secret is masked when logged");
        assertTrue(!c.toString().contains("s3cr3t"), "and in the config's own string");
    }

    @Test
    void withLakeFsACommitCycleAndItsRetriesStayWellUnderTheLinkAddressExpiry() {
        // lakeFS accepts a link address for 6 h: a cycle (commit.timeout.ms) and one call's retries get half of that
        Map<String, String> lakeFs = with("lake.backend", "lakefs", "lake.embedded.path", "",
                "lakefs.endpoint", "https://lakefs.example.com/api/v1", "lakefs.access.key.id", "AKIA",
                "lakefs.secret.access.key", "s3cr3t");
        assertEquals(Map.of(), errors(lakeFs), "the defaults fit");
        Map<String, String> longCycle = new HashMap<>(lakeFs);
        longCycle.put("commit.timeout.ms", Long.toString(Duration.ofHours(3).toMillis() + 1));
        assertOnlyErrorOn("commit.timeout.ms", "lakeFS accepts a link address for 6 h", longCycle);
        Map<String, String> justFits = new HashMap<>(lakeFs);
        justFits.put("commit.timeout.ms", Long.toString(Duration.ofHours(3).toMillis() - 353_000));
        assertEquals(Map.of(), errors(justFits), "5 attempts of 10 s + 60 s and 0.2+0.4+0.8+1.6 s of backoff: 353 s");
        justFits.put("commit.timeout.ms", Long.toString(Duration.ofHours(3).toMillis() - 352_999));
        assertOnlyErrorOn("lakefs.retry.max.attempts", "half the 6 h for which lakeFS accepts a link address",
                justFits);
        Map<String, String> endlessRetries = new HashMap<>(lakeFs);
        endlessRetries.put("lakefs.retry.max.attempts", "200");
        assertOnlyErrorOn("lakefs.retry.max.attempts", "lakefs.read.timeout.ms", endlessRetries);
        ConfigException e = assertThrows(ConfigException.class, () -> new LakeSinkConfig(longCycle));
        assertTrue(e.getMessage().contains("commit.timeout.ms"), e.getMessage());
        assertEquals(Map.of(), errors(with("commit.timeout.ms", Long.toString(Duration.ofHours(4).toMillis()))),
                "the embedded lake has no such limit");
    }

    @Test
    void constructingFromAnInvalidConfigurationFailsNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new LakeSinkConfig(with("lake.ingest.branch", "main")));
        assertTrue(e.getMessage().contains("lake.ingest.branch"), e.getMessage());
    }

    @Test
    void aCommitCycleMayFailABoundedNumberOfTimesAtLeastOnce() {
        assertEquals(10, new LakeSinkConfig(minimal()).commitMaxFailedCycles());
        assertEquals(1, new LakeSinkConfig(with("commit.max.failed.cycles", "1")).commitMaxFailedCycles());
        assertOnlyErrorOn("commit.max.failed.cycles", "at least 1", with("commit.max.failed.cycles", "0"));
    }

    @Test
    void noTakeoverUnlessAConnectorIsNamed() {
        assertEquals(null, new LakeSinkConfig(minimal()).ingestTakeoverFrom());
        assertEquals("orders-sink", new LakeSinkConfig(with("lake.ingest.branch.takeover.from", " orders-sink "))
                .ingestTakeoverFrom());
    }

    @Test
    void theControlTopicsReplicationFactorIsTheBrokersDefaultUnlessSet() {
        assertEquals(java.util.Optional.empty(), new LakeSinkConfig(minimal()).controlTopicReplicationFactor());
        assertEquals(java.util.Optional.of((short) 3),
                new LakeSinkConfig(with("control.topic.replication.factor", "3")).controlTopicReplicationFactor());
        assertOnlyErrorOn("control.topic.replication.factor", "-1", with("control.topic.replication.factor", "0"));
        assertOnlyErrorOn("control.topic.replication.factor", "-1", with("control.topic.replication.factor", "-2"));
    }

    @Test
    void theWorkDirectoryIsTheJvmsTemporaryDirectoryUnlessSet() {
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), new LakeSinkConfig(minimal()).workDir());
        Path disk = Path.of(System.getProperty("java.io.tmpdir"), "lakesink-staging").toAbsolutePath();
        assertEquals(disk, new LakeSinkConfig(with("work.dir", disk.toString())).workDir());
        assertOnlyErrorOn("work.dir", "absolute", with("work.dir", "staging/lakesink"));
    }
}
