package io.lakesink.plugin;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built plugin ships the connector and what it needs, and nothing else: every jar in lib/ is on an allow-list
 * (a new dependency must be looked at, and named in NOTICE, before it reaches every worker), the connector jar holds
 * none of the CLI, demo or benchmark classes and names neither them nor picocli, and it carries its version.
 */
class PluginLayoutIT {
    /** Artifact names without versions. Kafka, Connect and slf4j-api come from the worker. */
    private static final Set<String> ALLOWED = new TreeSet<>(Set.of(
            "lakesink",
            "aircompressor", "annotations", "avro", "commons-codec", "commons-compress", "commons-io",
            "commons-lang3", "commons-logging", "commons-pool", "duckdb_jdbc", "gson", "gson-fire",
            "hadoop-client-api", "hadoop-client-runtime", "jackson-annotations", "jackson-core", "jackson-databind",
            "jackson-databind-nullable", "jsr305", "kotlin-stdlib", "kotlin-stdlib-common", "kotlin-stdlib-jdk7",
            "kotlin-stdlib-jdk8", "logging-interceptor", "okhttp", "okio", "okio-jvm", "parquet-avro",
            "parquet-column", "parquet-common", "parquet-encoding", "parquet-format-structures", "parquet-hadoop",
            "parquet-jackson", "sdk", "snappy-java", "sqlite-jdbc", "zstd-jni"));
    /** name-1.2.3.jar, name-1.5.6-6.jar, name-0.1.0-SNAPSHOT.jar: the name is everything before "-<digit>". */
    private static final Pattern JAR = Pattern.compile("(.+?)-\\d[^/]*\\.jar");
    /** Packages that belong to the CLI jar or to developers, never to a worker. */
    private static final List<String> NOT_IN_PLUGIN = List.of("io/lakesink/cli/", "io/lakesink/demo/",
            "io/lakesink/bench/", "picocli/");

    private static Path plugin() {
        Path pluginPath = Path.of(System.getProperty("lakesink.plugin.path"));
        return pluginPath.resolve(pluginPath.getFileName());
    }

    @Test
    void libHoldsOnlyAllowedJars() throws IOException {
        Set<String> shipped = new TreeSet<>();
        List<String> unnamed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(plugin().resolve("lib"))) {
            for (Path jar : jars.toList()) {
                Matcher m = JAR.matcher(jar.getFileName().toString());
                if (m.matches()) {
                    shipped.add(m.group(1));
                } else {
                    unnamed.add(jar.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), unnamed, "files in lib/ that are not versioned jars");
        Set<String> unexpected = new TreeSet<>(shipped);
        unexpected.removeAll(ALLOWED);
        assertEquals(Set.of(), unexpected, "jars in lib/ that are not on the allow-list: find what brings them"
                + " (mvn dependency:tree), exclude them if Connect provides them or nothing uses them, else add them"
                + " here and to connector/plugin/NOTICE");
        Set<String> missing = new TreeSet<>(ALLOWED);
        missing.removeAll(shipped);
        assertEquals(Set.of(), missing, "allow-listed jars no longer shipped: take them off the list and NOTICE");
    }

    @Test
    void licenseAndNoticeNameWhatIsBundled() throws IOException {
        assertTrue(Files.readString(plugin().resolve("LICENSE")).contains("Apache License"));
        String notice = Files.readString(plugin().resolve("NOTICE"));
        List<String> unnamed = ALLOWED.stream().filter(a -> !a.equals("lakesink"))
                .filter(a -> !Pattern.compile("\\b" + Pattern.quote(a) + "\\b").matcher(notice).find()).toList();
        assertEquals(List.of(), unnamed, "bundled components NOTICE does not name");
    }

    @Test
    void theConnectorJarHoldsTheConnectorAloneAndItsVersion() throws IOException {
        String version = System.getProperty("lakesink.version");
        Path connectorJar = plugin().resolve("lib").resolve("lakesink-" + version + ".jar");
        List<String> strays = new ArrayList<>();
        try (JarFile jar = new JarFile(connectorJar.toFile())) {
            assertEquals(version, jar.getManifest().getMainAttributes().getValue("Implementation-Version"),
                    "LakeSinkConnector.version() reads Implementation-Version");
            assertTrue(jar.getEntry("io/lakesink/connect/LakeSinkConnector.class") != null);
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (NOT_IN_PLUGIN.stream().anyMatch(e.getName()::startsWith)) {
                    strays.add(e.getName());
                } else if (e.getName().endsWith(".class")) {
                    // a class naming one of them would fail on the worker only when that code path runs
                    try (InputStream in = jar.getInputStream(e)) {
                        String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        NOT_IN_PLUGIN.stream().filter(constants::contains).forEach(p -> strays.add(e.getName()
                                + " names " + p));
                    }
                }
            }
        }
        assertEquals(List.of(), strays, "the plugin's jar must hold the connector only");
    }
}
