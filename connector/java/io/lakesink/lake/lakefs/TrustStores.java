package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeInvalidArgumentException;
import okhttp3.OkHttpClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;

/**
 * TLS towards a server whose certificate a private CA signed (lakeFS, or the Connect REST API for the CLI): trust
 * exactly the store's certificates.
 */
public final class TrustStores {
    private TrustStores() {
    }

    /** A TLS context trusting exactly the certificates of the store (PKCS12 or JKS). */
    public static SSLContext context(Path store, String password) throws IOException, GeneralSecurityException {
        return context(trustManager(store, password));
    }

    static void trusting(OkHttpClient.Builder http, Path store, String password) {
        try {
            X509TrustManager trust = trustManager(store, password);
            http.sslSocketFactory(context(trust).getSocketFactory(), trust);
        } catch (IOException | GeneralSecurityException e) {
            throw new LakeInvalidArgumentException("cannot load the lakeFS trust store " + store + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(Path store, String password)
            throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password == null ? null : password.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keys);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new KeyStoreException("the store yields no X.509 trust manager");
    }

    private static SSLContext context(X509TrustManager trust) throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, null);
        return tls;
    }
}
