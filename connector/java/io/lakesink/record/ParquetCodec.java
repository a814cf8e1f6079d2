package io.lakesink.record;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Compression codecs LakeSink writes with; the config names are the lower-case enum names. */
public enum ParquetCodec {
    SNAPPY(CompressionCodecName.SNAPPY),
    ZSTD(CompressionCodecName.ZSTD),
    GZIP(CompressionCodecName.GZIP),
    UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED);

    private final CompressionCodecName parquetName;

    ParquetCodec(CompressionCodecName parquetName) {
        this.parquetName = parquetName;
    }

    public CompressionCodecName parquetName() {
        return parquetName;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config value ("snappy", "zstd", "gzip", "uncompressed"; "none" is accepted too). */
    public static ParquetCodec fromConfig(String value) {
        String normal = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (normal.equals("NONE")) {
            return UNCOMPRESSED;
        }
        for (ParquetCodec codec : values()) {
            if (codec.name().equals(normal)) {
                return codec;
            }
        }
        throw new IllegalArgumentException("unknown Parquet codec '" + value + "'; expected one of "
                + Arrays.stream(values()).map(ParquetCodec::configName).collect(Collectors.joining(", ")));
    }
}
