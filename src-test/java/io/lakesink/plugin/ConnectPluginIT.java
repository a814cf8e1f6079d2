package io.lakesink.plugin;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged plugin (target/plugin, Confluent Hub layout) loaded by a real Connect worker through plugin.path with
 * plugin isolation, none of LakeSink's classes being on this JVM's class path, runs a connector end to end. The
 * result is read without LakeSink's code too: the commit through JMX, the Parquet with DuckDB.
 */
class ConnectPluginIT {
    private static final String CONNECTOR_CLASS = "io.lakesink.connect.LakeSinkConnector";

    @Test
    void theBuiltPluginRunsInARealWorkerFromPluginPath() throws Exception {
        Path pluginPath = Path.of(System.getProperty("lakesink.plugin.path"));
        Path plugin = pluginPath.resolve(pluginPath.getFileName());
        assertTrue(Files.isRegularFile(plugin.resolve("manifest.json")), "no manifest.json in " + plugin);
        assertTrue(Files.isDirectory(plugin.resolve("etc")) && Files.isDirectory(plugin.resolve("doc")));
        try (var libs = Files.list(plugin.resolve("lib"))) {
            assertTrue(libs.map(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith("kafka-clients")
                    || n.startsWith("connect-api")), "the plugin must not ship Kafka's or Connect's own API");
        }
        assertThrows(ClassNotFoundException.class, () -> Class.forName(CONNECTOR_CLASS),
                "LakeSink must only be reachable through plugin.path in this test");

        Path lakeDir = Files.createTempDirectory("lakesink-plugin-it");
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.path", pluginPath.toAbsolutePath().toString());
        worker.put("offset.flush.interval.ms", "1000");
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("lakesink-plugin").numWorkers(1)
                .workerProps(worker).brokerProps(broker).build();
        connect.start();
        try {
            connect.kafka().createTopic("plugged", 1);
            for (int i = 0; i < 10; i++) {
                connect.kafka().produce("plugged", 0, "k" + i, "{\"id\":" + i + "}");
            }
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", CONNECTOR_CLASS);
            config.put("tasks.max", "1");
            config.put("topics", "plugged");
            config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            config.put("value.converter.schemas.enable", "false");
            config.put("lake.embedded.path", lakeDir.toString());
            config.put("lake.repository", "plugged");
            config.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
            config.put("commit.interval.ms", "1000");
            connect.configureConnector("plugged-sink", config);
            connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning("plugged-sink", 1, "not running");
            assertTrue(connect.requestGet(connect.endpointForResource("connector-plugins")).getEntity().toString()
                    .contains(System.getProperty("lakesink.version")), "the worker should list the plugin's version");

            // Read the commit through the plugin's own JMX metrics: opening the lake's SQLite file here would load a
            // second copy of SQLite into this process, and two copies in one process break SQLite's locking.
            TestUtils.waitForCondition(() -> "{\"plugged\":{\"0\":10}}".equals(lastIngestOffsets()), 60_000,
                    "the ingest branch never recorded offset 10");
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM read_parquet('"
                         + lakeDir.resolve("objects/plugged/data") + "/**/*')")) {
                rs.next();
                assertEquals(10, rs.getLong(1));
                assertEquals(45, rs.getLong(2));
            }
            assertTheCliJarReads(lakeDir);
        } finally {
            connect.stop();
        }
    }

    /** The runnable CLI jar, in its own process as an operator runs it, reads what the plugin wrote. */
    private static void assertTheCliJarReads(Path lakeDir) throws Exception {
        String cliJar = System.getProperty("lakesink.cli.jar");
        String query = runCli(cliJar, "query", "ingest", "SELECT count(*) AS n, sum(id) AS ids FROM plugged",
                "--lake-path", lakeDir.toString(), "--repository", "plugged", "--json");
        assertTrue(query.replaceAll("\\s", "").contains("\"n\":10,\"ids\":45"), query);
        String log = runCli(cliJar, "log", "ingest", "--lake-path", lakeDir.toString(), "--repository", "plugged");
        assertTrue(log.contains("plugged[0:10]"), log);
    }

    private static String runCli(String jar, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out);
        return out;
    }

    /** {@code LastIngestOffsets} of the plugin's task metrics, or "" before the task registered them. */
    private static String lastIngestOffsets() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName n : server.queryNames(new ObjectName("io.lakesink:type=LakeSink,connector=\"plugged-sink\",*"),
                null)) {
            return (String) server.getAttribute(n, "LastIngestOffsets");
        }
        return "";
    }
}
