package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.ApiException;

/** One call to the lakeFS API through the SDK. */
@FunctionalInterface
interface ApiCall<T> {
    T call() throws ApiException;
}
