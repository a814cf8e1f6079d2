package io.lakesink.record;

/**
 * How Parquet files are written.
 *
 * <p>A Parquet writer holds a whole row group in memory until it is flushed, so the row group size
 * bounds the memory of each open file: a sink with many open files (one per topic partition and
 * partition path) needs row groups far smaller than Parquet's 128 MiB default. 8 MiB keeps 100 open
 * files under 1 GiB while still giving readers row groups big enough to skip by statistics.
 *
 * @param codec            compression codec
 * @param rowGroupSizeBytes target row group size (buffered per open file)
 * @param pageSizeBytes    target page size, the unit of compression and of reading
 * @param dictionary       dictionary-encode columns (good for repetitive strings; costs memory per column)
 */
public record ParquetSettings(ParquetCodec codec, long rowGroupSizeBytes, int pageSizeBytes, boolean dictionary) {

    public static final long DEFAULT_ROW_GROUP_SIZE = 8L * 1024 * 1024;
    public static final int DEFAULT_PAGE_SIZE = 64 * 1024;
    public static final ParquetSettings DEFAULT =
            new ParquetSettings(ParquetCodec.SNAPPY, DEFAULT_ROW_GROUP_SIZE, DEFAULT_PAGE_SIZE, true);

    public ParquetSettings {
        if (codec == null) {
            throw new IllegalArgumentException("Parquet codec must be set");
        }
        if (rowGroupSizeBytes < 1024) {
            throw new IllegalArgumentException("Parquet row group size must be at least 1024 bytes, got " + rowGroupSizeBytes);
        }
        if (pageSizeBytes < 1024 || pageSizeBytes > rowGroupSizeBytes) {
            throw new IllegalArgumentException("Parquet page size must be between 1024 bytes and the row group size ("
                    + rowGroupSizeBytes + "), got " + pageSizeBytes);
        }
    }

    public ParquetSettings withCodec(ParquetCodec newCodec) {
        return new ParquetSettings(newCodec, rowGroupSizeBytes, pageSizeBytes, dictionary);
    }

    public ParquetSettings withRowGroupSize(long bytes) {
        return new ParquetSettings(codec, bytes, pageSizeBytes, dictionary);
    }

    public ParquetSettings withPageSize(int bytes) {
        return new ParquetSettings(codec, rowGroupSizeBytes, bytes, dictionary);
    }
}
