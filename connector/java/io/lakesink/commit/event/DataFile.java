package io.lakesink.commit.event;

/** One uploaded Parquet file: where it goes in the lake, where its bytes are, and what it holds. */
public record DataFile(String path, String physicalAddress, long sizeBytes, String checksum, String topic,
                       int partition, long records, long maxTimestamp) {
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
}
