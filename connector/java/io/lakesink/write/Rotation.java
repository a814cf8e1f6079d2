package io.lakesink.write;

/**
 * When a task finishes a file before the commit does. Every commit finishes all files, so by default a commit adds
 * one file per task and partition directory: files grow with the commit interval, up to the target size.
 *
 * @param fileSizeTargetBytes finish a file once its encoded size reaches this many bytes
 * @param flushSize           finish a file at this many records; 0 leaves it to size, time and the commit
 * @param rotateIntervalMs    finish a file this long (record time) after its first record; -1 turns it off
 * @param maxOpenFiles        files open at once; one more finishes the one written least recently
 */
public record Rotation(long fileSizeTargetBytes, int flushSize, long rotateIntervalMs, int maxOpenFiles) {

    /** About what table formats aim for: large enough that reading a file costs its bytes, not its opening. */
    public static final long DEFAULT_FILE_SIZE_TARGET_BYTES = 128L * 1024 * 1024;

    public static final Rotation DEFAULT = new Rotation(DEFAULT_FILE_SIZE_TARGET_BYTES, 0, -1, 64);

    public Rotation {
        if (fileSizeTargetBytes < 1) {
            throw new IllegalArgumentException("the file size target must be positive, got " + fileSizeTargetBytes);
        }
        if (flushSize < 0) {
            throw new IllegalArgumentException("flush size must be 0 (off) or positive, got " + flushSize);
        }
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("at least one file must be allowed open, got " + maxOpenFiles);
        }
    }

    public Rotation withFlushSize(int records) {
        return new Rotation(fileSizeTargetBytes, records, rotateIntervalMs, maxOpenFiles);
    }

    public Rotation withFileSizeTarget(long bytes) {
        return new Rotation(bytes, flushSize, rotateIntervalMs, maxOpenFiles);
    }

    public Rotation withRotateInterval(long ms) {
        return new Rotation(fileSizeTargetBytes, flushSize, ms, maxOpenFiles);
    }

    public Rotation withMaxOpenFiles(int files) {
        return new Rotation(fileSizeTargetBytes, flushSize, rotateIntervalMs, files);
    }

    boolean fullAt(long records, long encodedBytes) {
        return (flushSize > 0 && records >= flushSize) || encodedBytes >= fileSizeTargetBytes;
    }
}
