package io.lakesink.lake.lakefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.lakesink.lake.LakeInvalidArgumentException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose certificate no public CA signed, reached through a trust store holding it: the CLI's TLS context
 * (towards Connect's REST API) and the lakeFS client's both trust it, and nothing else does.
 */
class TrustStoresTest {

    @TempDir
    static Path dir;

    private HttpsServer server;
    private Path trustStore;

    @BeforeEach
    void startServerWithAPrivateCertificate() throws Exception {
        Path serverKeys = dir.resolve("server-" + System.nanoTime() + ".p12");
        Path certificate = dir.resolve("server-" + System.nanoTime() + ".cer");
        trustStore = dir.resolve("trust-" + System.nanoTime() + ".p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", serverKeys.toString(), "-storepass", "server-pass");
        keytool("-exportcert", "-alias", "server", "-keystore", serverKeys.toString(), "-storepass", "server-pass",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", "trust-pass");

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeys)) {
            keys.load(in, "server-pass".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "server-pass".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void theCliContextTrustsTheStoresCertificateAndTheDefaultDoesNot() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(url()).build();
        HttpClient trusting = HttpClient.newBuilder().sslContext(TrustStores.context(trustStore, "trust-pass")).build();
        HttpResponse<String> answer = trusting.send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals("hello", answer.body());

        assertThrows(SSLHandshakeException.class,
                () -> HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString()));
        assertThrows(IOException.class, () -> TrustStores.context(trustStore, "wrong-pass"));
    }

    @Test
    void theLakeFsClientTrustsTheStoresCertificateAndNamesTheStoreItCannotLoad() throws Exception {
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        TrustStores.trusting(builder, trustStore, "trust-pass");
        try (Response answer = builder.build().newCall(new Request.Builder().url(url().toURL()).build()).execute()) {
            assertEquals("hello", answer.body().string());
        }

        LakeInvalidArgumentException bad = assertThrows(LakeInvalidArgumentException.class,
                () -> TrustStores.trusting(new OkHttpClient.Builder(), dir.resolve("missing.p12"), "x"));
        assertTrue(bad.getMessage().contains("missing.p12"), bad.getMessage());
    }

    private URI url() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
