package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ConfigApi;
import io.lakefs.clients.sdk.ExperimentalApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.StagingApi;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * The SDK's API objects over one HTTP client. Credentials are added by an interceptor of that client, so calls the
 * SDK builds and the streams built by hand ({@link ObjectStreams}) authenticate alike; the object-store client for
 * presigned URLs shares the connection pool but never sends lakeFS credentials.
 */
final class LakeFsClients {
    final OkHttpClient lakeFsHttp;
    final OkHttpClient objectStoreHttp;
    final RepositoriesApi repositories;
    final BranchesApi branches;
    final ObjectsApi objects;
    final StagingApi staging;
    final CommitsApi commits;
    final RefsApi refs;
    final ExperimentalApi experimental;
    final ConfigApi config;

    LakeFsClients(LakeFsSettings settings) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                // a retry inside OkHttp would re-send non-idempotent calls behind the adapter's back
                .retryOnConnectionFailure(false);
        if (settings.trustStore() != null) {
            TrustStores.trusting(http, settings.trustStore(), settings.trustStorePassword());
        }
        objectStoreHttp = http.build();
        String authorization = Credentials.basic(settings.accessKeyId(), settings.secretAccessKey());
        lakeFsHttp = objectStoreHttp.newBuilder()
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("Authorization", authorization).build()))
                .build();
        ApiClient api = new ApiClient(lakeFsHttp);
        api.setBasePath(settings.endpoint());
        api.setUserAgent("lakesink (lakefs-java-sdk)");
        repositories = new RepositoriesApi(api);
        branches = new BranchesApi(api);
        objects = new ObjectsApi(api);
        staging = new StagingApi(api);
        commits = new CommitsApi(api);
        refs = new RefsApi(api);
        experimental = new ExperimentalApi(api);
        config = new ConfigApi(api);
    }

    void close() {
        lakeFsHttp.dispatcher().executorService().shutdown();
        lakeFsHttp.connectionPool().evictAll();
    }
}
