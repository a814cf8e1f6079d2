package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeInvalidArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a lakeFS server.
 *
 * @param endpoint            the API base, e.g. {@code http://lakefs:8000/api/v1}
 * @param accessKeyId         lakeFS access key id
 * @param secretAccessKey     lakeFS secret; never logged, masked by {@link #toString()}
 * @param connectTimeout      TCP connect time-out of every call
 * @param readTimeout         how long a call may wait for the server's answer; a commit that times out is
 *                            checked at the branch head before it is retried
 * @param storageNamespace    where new repositories keep their data: {@code createRepository(name)} uses
 *                            {@code <storageNamespace>/<name>}; null uses the server's default namespace prefix
 * @param localBlockstoreRoot the directory the server's {@code local} blockstore writes to, as seen from this
 *                            machine; needed to write {@code local://} physical addresses, which cannot be presigned
 * @param maxAttempts         attempts of an idempotent call (and of a commit carrying {@code lakesink.commit})
 *                            while the server answers 429/5xx or times out
 * @param initialBackoff      wait before the second attempt; doubled for each further attempt
 * @param trustStore          a PKCS12 or JKS trust store for an https endpoint signed by a private CA; null trusts
 *                            the JVM's default authorities
 * @param trustStorePassword  the trust store's password, or null; masked by {@link #toString()}
 */
public record LakeFsSettings(String endpoint, String accessKeyId, String secretAccessKey, Duration connectTimeout,
                             Duration readTimeout, String storageNamespace, Path localBlockstoreRoot, int maxAttempts,
                             Duration initialBackoff, Path trustStore, String trustStorePassword) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);

    /**
     * Why a non-blank {@code endpoint} cannot be a lakeFS API base (starting with the quoted endpoint), or null when
     * it can: the one rule for the connector's validate and for opening the lake.
     */
    public static String endpointProblem(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint.trim());
        } catch (IllegalArgumentException e) {
            return "'" + endpoint + "' is not a URL";
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            return "'" + endpoint + "' must be an http(s) URL such as http://lakefs:8000/api/v1";
        }
        return null;
    }

    public LakeFsSettings {
        if (endpoint == null || endpoint.isBlank()) {
            throw new LakeInvalidArgumentException("lakeFS endpoint is missing: give the API base, e.g."
                    + " http://lakefs:8000/api/v1");
        }
        String problem = endpointProblem(endpoint);
        if (problem != null) {
            throw new LakeInvalidArgumentException("lakeFS endpoint " + problem);
        }
        endpoint = stripTrailingSlash(endpoint.trim());
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isEmpty()) {
            throw new LakeInvalidArgumentException("lakeFS credentials are missing: give the access key id and the"
                    + " secret access key of a lakeFS user");
        }
        connectTimeout = positiveOr(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connect timeout");
        readTimeout = positiveOr(readTimeout, DEFAULT_READ_TIMEOUT, "read timeout");
        initialBackoff = initialBackoff == null ? DEFAULT_INITIAL_BACKOFF : initialBackoff;
        if (initialBackoff.isNegative()) {
            throw new LakeInvalidArgumentException("lakeFS retry backoff must not be negative, got " + initialBackoff);
        }
        if (maxAttempts < 1) {
            throw new LakeInvalidArgumentException("lakeFS max attempts must be at least 1, got " + maxAttempts);
        }
        storageNamespace = storageNamespace == null || storageNamespace.isBlank() ? null : storageNamespace.trim();
    }

    /** Settings with default time-outs and retries, no configured namespace and no local blockstore. */
    public static LakeFsSettings of(String endpoint, String accessKeyId, String secretAccessKey) {
        return new LakeFsSettings(endpoint, accessKeyId, secretAccessKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
                null, null, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, null, null);
    }

    public LakeFsSettings withTimeouts(Duration connect, Duration read) {
        return new LakeFsSettings(endpoint, accessKeyId, secretAccessKey, connect, read, storageNamespace,
                localBlockstoreRoot, maxAttempts, initialBackoff, trustStore, trustStorePassword);
    }

    public LakeFsSettings withStorageNamespace(String namespace) {
        return new LakeFsSettings(endpoint, accessKeyId, secretAccessKey, connectTimeout, readTimeout, namespace,
                localBlockstoreRoot, maxAttempts, initialBackoff, trustStore, trustStorePassword);
    }

    public LakeFsSettings withLocalBlockstoreRoot(Path root) {
        return new LakeFsSettings(endpoint, accessKeyId, secretAccessKey, connectTimeout, readTimeout, storageNamespace,
                root, maxAttempts, initialBackoff, trustStore, trustStorePassword);
    }

    public LakeFsSettings withTrustStore(Path store, String password) {
        return new LakeFsSettings(endpoint, accessKeyId, secretAccessKey, connectTimeout, readTimeout, storageNamespace,
                localBlockstoreRoot, maxAttempts, initialBackoff, store, password);
    }

    public LakeFsSettings withRetries(int attempts, Duration backoff) {
        return new LakeFsSettings(endpoint, accessKeyId, secretAccessKey, connectTimeout, readTimeout, storageNamespace,
                localBlockstoreRoot, attempts, backoff, trustStore, trustStorePassword);
    }

    /** Everything but the secret, which is masked so the settings can be logged. */
    @Override
    public String toString() {
        return "LakeFsSettings[endpoint=" + endpoint + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****"
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", storageNamespace="
                + storageNamespace + ", localBlockstoreRoot=" + localBlockstoreRoot + ", maxAttempts=" + maxAttempts
                + ", initialBackoff=" + initialBackoff + ", trustStore=" + trustStore + "]";
    }

    private static Duration positiveOr(Duration d, Duration fallback, String what) {
        if (d == null) {
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            throw new LakeInvalidArgumentException("lakeFS " + what + " must be positive, got " + d);
        }
        return d;
    }

    private static String stripTrailingSlash(String s) {
        String out = s;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
