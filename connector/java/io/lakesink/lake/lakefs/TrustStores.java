package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeInvalidArgumentException;
import okhttp3.OkHttpClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/** TLS towards a lakeFS whose certificate a private CA signed: trust exactly the store's certificates. */
final class TrustStores {
    private TrustStores() {
    }

    static void trusting(OkHttpClient.Builder http, Path store, String password) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(keys);
            X509TrustManager trust = null;
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509TrustManager x) {
                    trust = x;
                }
            }
            if (trust == null) {
                throw new LakeInvalidArgumentException("trust store " + store + " yields no X.509 trust manager");
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, null);
            http.sslSocketFactory(tls.getSocketFactory(), trust);
        } catch (LakeInvalidArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new LakeInvalidArgumentException("cannot load the lakeFS trust store " + store + ": " + e.getMessage(), e);
        }
    }
}
