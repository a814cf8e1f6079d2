package io.lakesink.lake.lakefs;

/**
 * An answer lakeFS gives to a request it refuses, with its status and message exactly as lakeFS writes them
 * ({@code writeError} in {@code pkg/api/controller.go}: {@code {"message": err.Error()}}). A route throws it where
 * lakeFS's rule differs from the embedded lake's, and the server answers it as it is.
 */
final class LakeFsApiError extends RuntimeException {
    private final int status;
    private final Object body;

    LakeFsApiError(int status, String message) {
        this(status, message, null);
    }

    /** {@code body}: an SDK model lakeFS answers instead of its error body (a merge conflict's MergeResult). */
    LakeFsApiError(int status, String message, Object body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    /** The model to answer with, or null for lakeFS's {@code {"message": ...}} error. */
    Object body() {
        return body;
    }
}
