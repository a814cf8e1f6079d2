package io.lakesink.lake.embedded;

import io.lakesink.lake.LakeIntegrityException;

/**
 * {@code lake.db} holds data this code cannot read: not a lake, damaged (SQLITE_CORRUPT, SQLITE_NOTADB, an
 * undecodable range), or written by a newer version. Retrying reads the same bytes again, so it is never retryable.
 */
final class CorruptLakeException extends LakeIntegrityException {
    CorruptLakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
