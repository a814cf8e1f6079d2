package io.lakesink.compact;

/**
 * Which files compaction rewrites. A file is small below half the target size (so any two small files fit in one
 * target-size file); a partition directory is compacted once it holds more than {@code minSmallFiles} small files.
 *
 * @param targetBytes   the size compacted files aim at ({@code file.size.target.bytes})
 * @param minSmallFiles small files a directory may hold before it is compacted
 */
public record CompactionPolicy(long targetBytes, int minSmallFiles) {

    public CompactionPolicy {
        if (targetBytes < 2) {
            throw new IllegalArgumentException("the target size must be at least 2 bytes, got " + targetBytes);
        }
        if (minSmallFiles < 1) {
            throw new IllegalArgumentException("compaction needs at least 1 small file to start, got "
                    + minSmallFiles);
        }
    }

    /** Compacts whatever small files there are, however few: for compaction by hand. */
    public CompactionPolicy whateverTheCount() {
        return new CompactionPolicy(targetBytes, 1);
    }

    boolean isSmall(long bytes) {
        return bytes < targetBytes / 2;
    }
}
