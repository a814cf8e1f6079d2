package io.lakesink.cli;

import io.lakesink.connect.config.LakeFsKeys;
import io.lakesink.connect.config.LakeKeys;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.lake.lakefs.LakeFsLake;
import io.lakesink.lake.lakefs.TrustStores;
import io.lakesink.rollback.ConnectRest;
import io.lakesink.rollback.SinkBranches;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

import javax.net.ssl.SSLContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the lake and the connector are. One {@code --config} file (the connector's JSON) is enough; any option
 * given on its own wins over the file, and with only {@code --connector} and {@code --connect-url} the settings
 * are fetched from the Connect REST API.
 */
final class ConnectionOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The connector's JSON config (as posted to Connect); lake and Kafka settings come from it.")
    Path configFile;

    @Option(names = "--lake-path", paramLabel = "DIR", description = "Directory of the embedded lake.")
    Path lakePath;

    @Option(names = "--lakefs-endpoint", paramLabel = "URL",
            description = "lakeFS API base (e.g. http://lakefs:8000/api/v1): use the lakeFS backend.")
    String lakeFsEndpoint;

    @Option(names = "--lakefs-access-key-id", description = "lakeFS access key id (default: from the config).")
    String lakeFsAccessKeyId;

    @Option(names = "--lakefs-secret-access-key", arity = "0..1", interactive = true,
            defaultValue = "${LAKEFS_SECRET_ACCESS_KEY}", description = "lakeFS secret (or env"
            + " LAKEFS_SECRET_ACCESS_KEY; prompted when given without a value).")
    String lakeFsSecret;

    @Option(names = "--repository", description = "Repository in the lake.")
    String repository;

    @Option(names = "--main-branch", description = "Main branch (default: from the config, else main).")
    String mainBranch;

    @Option(names = "--ingest-branch", description = "Ingest branch (default: from the config, else ingest).")
    String ingestBranch;

    @Option(names = "--connector", description = "Connector name (default: the config file's name).")
    String connector;

    @Option(names = "--connect-url", paramLabel = "URL", defaultValue = "${LAKESINK_CONNECT_URL:-http://localhost:8083}",
            description = "Kafka Connect REST API (default: ${DEFAULT-VALUE}; env LAKESINK_CONNECT_URL).")
    String connectUrl;

    @Option(names = "--connect-user", description = "Basic-auth user for the Connect REST API.")
    String connectUser;

    @Option(names = "--connect-password", arity = "0..1", interactive = true,
            defaultValue = "${LAKESINK_CONNECT_PASSWORD}", description = "Basic-auth password (or env"
            + " LAKESINK_CONNECT_PASSWORD; prompted when given without a value).")
    String connectPassword;

    @Option(names = "--connect-truststore", paramLabel = "FILE",
            description = "Trust store (PKCS12 or JKS) for an https Connect REST API with a private CA.")
    Path truststore;

    @Option(names = "--connect-truststore-password", description = "Password of the trust store.")
    String truststorePassword;

    @Option(names = "--bootstrap-servers", description = "Kafka brokers (default: kafka.bootstrap.servers of the config).")
    String bootstrapServers;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "Timeout of each Connect REST call (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private SinkSettings settings;

    /** The connector's settings from the file or, failing that, from Connect. */
    /** The connector's whole configuration, parsed and validated, for a command that acts as the connector would. */
    LakeSinkConfig wholeConfig(String command) {
        try {
            return new LakeSinkConfig(settings().config());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(command + " needs the connector's whole config (--config or --connector):"
                    + " " + e.getMessage());
        }
    }

    SinkSettings settings() {
        if (settings == null) {
            if (configFile != null) {
                settings = SinkSettings.load(configFile);
            } else if (connector != null && ((lakePath == null && lakeFsEndpoint == null) || repository == null)) {
                settings = new SinkSettings(connector, connect().config(connector));
            } else {
                settings = new SinkSettings(connector, Map.of());
            }
        }
        return settings;
    }

    String connectorName() {
        String name = connector != null ? connector : settings().connectorName();
        if (name == null) {
            throw new IllegalArgumentException("no connector named: pass --connector NAME or a --config file with a"
                    + " \"name\"");
        }
        return name;
    }

    ConnectRest connect() {
        return new ConnectRest(connectUrl, connectUser, connectPassword, sslContext(), timeout);
    }

    String bootstrapServers() {
        String b = bootstrapServers != null ? bootstrapServers : settings().bootstrapServers();
        if (b == null) {
            throw new IllegalArgumentException("no Kafka brokers: pass --bootstrap-servers or a --config file with"
                    + " kafka.bootstrap.servers");
        }
        return b;
    }

    String topicsDir() {
        return settings().topicsDir();
    }

    SinkBranches openLake() {
        SinkSettings s = settings();
        String repo = repository != null ? repository : s.repository();
        if (repo == null) {
            throw new IllegalArgumentException("no repository: pass --repository or a --config file with lake.repository");
        }
        VersionedLake lake = lakeFsEndpoint != null || LakeKeys.LAKEFS.equals(s.backend()) ? openLakeFs(s) : openEmbedded(s);
        return new SinkBranches(lake, repo, mainBranch != null ? mainBranch : s.mainBranch(),
                ingestBranch != null ? ingestBranch : s.ingestBranch());
    }

    private VersionedLake openEmbedded(SinkSettings s) {
        if (!LakeKeys.EMBEDDED.equals(s.backend())) {
            throw new IllegalArgumentException("lake.backend=" + s.backend() + " is not a backend this CLI knows");
        }
        Path path = lakePath != null ? lakePath : s.embeddedPath() == null ? null : Path.of(s.embeddedPath());
        if (path == null) {
            throw new IllegalArgumentException("no lake: pass --lake-path DIR or a --config file with lake.embedded.path");
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("no embedded lake at " + path + " (not a directory)");
        }
        return EmbeddedLake.open(path);
    }

    private VersionedLake openLakeFs(SinkSettings s) {
        Map<String, String> config = new HashMap<>(s.config());
        putIfGiven(config, LakeFsKeys.ENDPOINT, lakeFsEndpoint);
        putIfGiven(config, LakeFsKeys.ACCESS_KEY_ID, lakeFsAccessKeyId);
        putIfGiven(config, LakeFsKeys.SECRET_ACCESS_KEY, lakeFsSecret);
        try {
            return LakeFsLake.open(LakeFsKeys.settings(config));
        } catch (io.lakesink.lake.LakeInvalidArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (--lakefs-endpoint, --lakefs-access-key-id,"
                    + " --lakefs-secret-access-key or the lakefs.* keys of --config)");
        }
    }

    private static void putIfGiven(Map<String, String> config, String key, String value) {
        if (value != null && !value.isBlank()) {
            config.put(key, value);
        }
    }

    private SSLContext sslContext() {
        if (truststore == null) {
            return null;
        }
        try {
            return TrustStores.context(truststore, truststorePassword);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load the trust store " + truststore + ": " + e.getMessage());
        }
    }
}
