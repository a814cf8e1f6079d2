package io.lakesink.connect.config;

import io.lakesink.lake.lakefs.LakeFsSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The {@code lakefs.*} keys: how to reach a lakeFS server when {@code lake.backend=lakefs}. */
public final class LakeFsKeys {
    public static final String GROUP = "lakeFS";

    public static final String ENDPOINT = "lakefs.endpoint";
    public static final String ACCESS_KEY_ID = "lakefs.access.key.id";
    public static final String SECRET_ACCESS_KEY = "lakefs.secret.access.key";
    public static final String STORAGE_NAMESPACE = "lakefs.storage.namespace";
    public static final String LOCAL_BLOCKSTORE_PATH = "lakefs.local.blockstore.path";
    public static final String CONNECT_TIMEOUT_MS = "lakefs.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "lakefs.read.timeout.ms";
    public static final String MAX_ATTEMPTS = "lakefs.retry.max.attempts";
    public static final String RETRY_BACKOFF_MS = "lakefs.retry.backoff.ms";
    public static final String TRUSTSTORE_LOCATION = "lakefs.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "lakefs.ssl.truststore.password";

    private LakeFsKeys() {
    }

    /** lakeFS settings from a connector config (only the lakefs.* keys are read; defaults apply). */
    public static LakeFsSettings settings(Map<String, ?> config) {
        ConfigDef def = new ConfigDef();
        define(def);
        Map<String, Object> relevant = new HashMap<>();
        config.forEach((k, v) -> {
            if (def.configKeys().containsKey(k)) {
                relevant.put(k, v);
            }
        });
        AbstractConfig c = new AbstractConfig(def, relevant, false);
        String truststore = c.getString(TRUSTSTORE_LOCATION);
        String localRoot = c.getString(LOCAL_BLOCKSTORE_PATH);
        String truststorePassword = c.getPassword(TRUSTSTORE_PASSWORD).value();
        return new LakeFsSettings(c.getString(ENDPOINT), c.getString(ACCESS_KEY_ID),
                c.getPassword(SECRET_ACCESS_KEY).value(), Duration.ofMillis(c.getLong(CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(c.getLong(READ_TIMEOUT_MS)), c.getString(STORAGE_NAMESPACE),
                localRoot.isBlank() ? null : Path.of(localRoot), c.getInt(MAX_ATTEMPTS),
                Duration.ofMillis(c.getLong(RETRY_BACKOFF_MS)), truststore.isBlank() ? null : Path.of(truststore),
                truststorePassword.isEmpty() ? null : truststorePassword);
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(ENDPOINT, Type.STRING, "", Importance.HIGH,
                "lakeFS API base URL, e.g. http://lakefs:8000/api/v1. Required when " + LakeKeys.BACKEND + "=lakefs.",
                GROUP, ++order, Width.LONG, "lakeFS endpoint");
        def.define(ACCESS_KEY_ID, Type.STRING, "", Importance.HIGH,
                "Access key id of the lakeFS user the connector acts as.", GROUP, ++order, Width.MEDIUM,
                "lakeFS access key id");
        def.define(SECRET_ACCESS_KEY, Type.PASSWORD, "", Importance.HIGH,
                "Secret access key of that user. Never logged and never written to commit metadata.",
                GROUP, ++order, Width.MEDIUM, "lakeFS secret access key");
        def.define(STORAGE_NAMESPACE, Type.STRING, "", Importance.MEDIUM,
                "Storage namespace under which a missing repository is created (the repository's own namespace is"
                        + " <this>/<repository>), e.g. s3://bucket/lakes. Empty: the server's default namespace.",
                GROUP, ++order, Width.LONG, "lakeFS storage namespace");
        def.define(LOCAL_BLOCKSTORE_PATH, Type.STRING, "", Importance.LOW,
                "Only for a lakeFS whose blockstore is 'local' (quickstart): that directory as this worker sees it,"
                        + " since local:// addresses cannot be presigned. Object stores (S3, GCS, Azure) need nothing.",
                GROUP, ++order, Width.LONG, "Local blockstore directory");
        def.define(CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                "TCP connect time-out of each lakeFS call.", GROUP, ++order, Width.SHORT, "Connect timeout");
        def.define(READ_TIMEOUT_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                "How long a lakeFS call may wait for its answer. A commit that times out is looked up by its"
                        + " lakesink.commit id before it is retried, so it is never made twice.",
                GROUP, ++order, Width.SHORT, "Read timeout");
        def.define(MAX_ATTEMPTS, Type.INT, 5, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Attempts of a lakeFS call while the server answers 429 or 5xx or times out; after that the task"
                        + " retries the whole step through Connect's retry (RetriableException).",
                GROUP, ++order, Width.SHORT, "Retry attempts");
        def.define(RETRY_BACKOFF_MS, Type.LONG, 200L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "Wait before the second attempt; doubled for each further attempt.", GROUP, ++order, Width.SHORT,
                "Retry backoff");
        def.define(TRUSTSTORE_LOCATION, Type.STRING, "", Importance.LOW,
                "Trust store (PKCS12 or JKS) for an https endpoint whose certificate a private CA signed. Empty:"
                        + " the JVM's default authorities.", GROUP, ++order, Width.LONG, "Trust store");
        def.define(TRUSTSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW, "Password of the trust store.",
                GROUP, ++order, Width.MEDIUM, "Trust store password");
    }
}
