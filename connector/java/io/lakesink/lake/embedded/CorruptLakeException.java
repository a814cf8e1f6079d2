package io.lakesink.lake.embedded;

import io.lakesink.lake.LakeInvalidArgumentException;

/** The lake directory holds data this code cannot read: not a lake, damaged, or written by a newer version. */
final class CorruptLakeException extends LakeInvalidArgumentException {
    CorruptLakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
