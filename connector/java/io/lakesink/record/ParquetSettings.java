package io.lakesink.record;

import org.apache.parquet.column.ParquetProperties.WriterVersion;

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
 * @param writerVersion    Parquet's format version 2 (the default) gives delta encodings: the Kafka offsets and
 *                         timestamps cost a few bytes per thousand rows instead of about a byte per row, and
 *                         integer and text columns shrink too; version 1 is for readers that cannot read them
 */
public record ParquetSettings(ParquetCodec codec, long rowGroupSizeBytes, int pageSizeBytes, boolean dictionary,
                              WriterVersion writerVersion) {

    public static final long DEFAULT_ROW_GROUP_SIZE = 8L * 1024 * 1024;
    public static final int DEFAULT_PAGE_SIZE = 64 * 1024;
    public static final ParquetSettings DEFAULT =
            new ParquetSettings(ParquetCodec.ZSTD, DEFAULT_ROW_GROUP_SIZE, DEFAULT_PAGE_SIZE, true,
                    WriterVersion.PARQUET_2_0);

    /** With the default writer version. */
    public ParquetSettings(ParquetCodec codec, long rowGroupSizeBytes, int pageSizeBytes, boolean dictionary) {
        this(codec, rowGroupSizeBytes, pageSizeBytes, dictionary, DEFAULT.writerVersion());
    }

    public ParquetSettings {
        if (codec == null || writerVersion == null) {
            throw new IllegalArgumentException("Parquet codec and writer version must be set");
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
        return new ParquetSettings(newCodec, rowGroupSizeBytes, pageSizeBytes, dictionary, writerVersion);
    }

    public ParquetSettings withRowGroupSize(long bytes) {
        return new ParquetSettings(codec, bytes, pageSizeBytes, dictionary, writerVersion);
    }

    public ParquetSettings withPageSize(int bytes) {
        return new ParquetSettings(codec, rowGroupSizeBytes, bytes, dictionary, writerVersion);
    }

    public ParquetSettings withWriterVersion(WriterVersion version) {
        return new ParquetSettings(codec, rowGroupSizeBytes, pageSizeBytes, dictionary, version);
    }
}
