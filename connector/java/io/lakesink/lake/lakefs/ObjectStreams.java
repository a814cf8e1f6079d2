package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.JSON;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.model.ObjectStats;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

import java.io.IOException;
import java.io.InputStream;

/**
 * Object bytes through the lakeFS API as streams. The SDK's own {@code uploadObject} wants a {@code File} and its
 * {@code getObject} downloads to a temporary file; these stream instead, with the same client, credentials and
 * error answers.
 */
final class ObjectStreams {
    private static final String OCTET_STREAM = "application/octet-stream";

    private final OkHttpClient http;
    private final HttpUrl endpoint;
    private final ObjectsApi objects;

    /** {@code http} must add lakeFS's credentials to every request. */
    ObjectStreams(OkHttpClient http, String endpoint, ObjectsApi objects) {
        this.http = http;
        this.endpoint = HttpUrl.get(endpoint);
        this.objects = objects;
    }

    /**
     * lakeFS uploadObject with the raw bytes as body ({@code application/octet-stream} form of the API): the server
     * stores them and stages the object. The object's content type travels as the request's Content-Type, which
     * lakeFS records; a multipart type would make lakeFS parse the body as a form, so it is sent as octet-stream.
     */
    ObjectStats upload(String repository, String branch, String path, InputStream content, String contentType)
            throws ApiException {
        String type = contentType == null || contentType.isBlank() || contentType.startsWith("multipart/")
                ? OCTET_STREAM : contentType;
        HttpUrl url = endpoint.newBuilder().addPathSegment("repositories").addPathSegment(repository)
                .addPathSegment("branches").addPathSegment(branch).addPathSegment("objects")
                .addQueryParameter("path", path).build();
        Request request = new Request.Builder().url(url).header("Accept", "application/json")
                .post(streaming(content, MediaType.get(type))).build();
        try (Response response = http.newCall(request).execute()) {
            String body = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                throw new ApiException(response.message(), response.code(), response.headers().toMultimap(), body);
            }
            return JSON.getGson().fromJson(body, ObjectStats.class);
        } catch (IOException e) {
            throw new ApiException(e);
        }
    }

    /** lakeFS getObject as a stream the caller closes. */
    InputStream download(String repository, String ref, String path) throws ApiException {
        Call call = objects.getObject(repository, ref, path).buildCall(null);
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            throw new ApiException(e);
        }
        if (!response.isSuccessful()) {
            try (response) {
                String body = response.body() == null ? "" : response.body().string();
                throw new ApiException(response.message(), response.code(), response.headers().toMultimap(), body);
            } catch (IOException e) {
                throw new ApiException(e);
            }
        }
        return response.body().byteStream();
    }

    /** A one-shot body read from the stream as it is sent (chunked), so large objects are never held in memory. */
    private static RequestBody streaming(InputStream content, MediaType type) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (Source source = Okio.source(content)) {
                    sink.writeAll(source);
                }
            }
        };
    }
}
