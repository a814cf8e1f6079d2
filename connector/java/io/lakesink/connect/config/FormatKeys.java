package io.lakesink.connect.config;

import io.lakesink.record.ParquetSettings;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Group "Format": where files go and what their Parquet looks like. */
public final class FormatKeys {
    public static final String GROUP = "Format";

    public static final String TOPICS_DIR = "topics.dir";
    public static final String PARQUET_CODEC = "parquet.codec";
    public static final String WRITER_VERSION = "parquet.writer.version";
    public static final String ROW_GROUP_SIZE = "parquet.row.group.size.bytes";
    public static final String PAGE_SIZE = "parquet.page.size.bytes";
    public static final String ENCODER_THREAD = "parquet.encoder.thread";
    public static final String NULL_VALUES = "behavior.on.null.values";
    public static final String WRITE_COORDINATES = "write.kafka.coordinates";
    public static final String WRITE_KEY = "write.key";
    public static final String WRITE_HEADERS = "write.headers";

    private FormatKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(TOPICS_DIR, Type.STRING, "topics", Validators.relativeDirectory(), Importance.MEDIUM,
                "Top directory in the repository under which each topic's files are written.",
                GROUP, ++order, Width.MEDIUM, "Topics directory");
        def.define(PARQUET_CODEC, Type.STRING, ParquetSettings.DEFAULT.codec().configName(),
                ConfigDef.ValidString.in("zstd", "snappy", "gzip", "uncompressed"), Importance.MEDIUM,
                "Compression of Parquet pages. zstd (the default) stores about a third less than snappy at a"
                        + " similar write speed; snappy decompresses a little faster.",
                GROUP, ++order, Width.SHORT, "Parquet codec");
        def.define(WRITER_VERSION, Type.STRING, "v2", ConfigDef.ValidString.in("v2", "v1"), Importance.LOW,
                "Parquet format version of the files. v2 (the default) delta-encodes integer, timestamp and text"
                        + " columns when no dictionary fits, so the Kafka offset and timestamp columns cost next to"
                        + " nothing, and writes v2 data pages: read by DuckDB, Spark 3.3+, Trino, Athena (engine 3),"
                        + " pyarrow and parquet-java. v1 writes what older readers (Spark before 3.3 with its"
                        + " vectorized reader, Impala) expect, at about a byte per row more for the offsets.",
                GROUP, ++order, Width.SHORT, "Parquet writer version");
        def.define(ROW_GROUP_SIZE, Type.INT, 8 * 1024 * 1024, ConfigDef.Range.atLeast(64 * 1024), Importance.LOW,
                "Bytes a Parquet row group buffers in memory before it is written out; with "
                        + RotationKeys.MAX_OPEN_FILES + " this bounds a task's memory.",
                GROUP, ++order, Width.SHORT, "Row group size");
        def.define(PAGE_SIZE, Type.INT, 64 * 1024, ConfigDef.Range.atLeast(4 * 1024), Importance.LOW,
                "Target size of a Parquet page (and dictionary page) in bytes. Each open file keeps about this much"
                        + " per column in memory, so it bounds a task's memory with many open files (measured:"
                        + " 1,000 open files of 10 columns take about 450 MiB at 64 KiB, 640 MiB at 256 KiB).",
                GROUP, ++order, Width.SHORT, "Page size");
        def.define(ENCODER_THREAD, Type.BOOLEAN, true, Importance.LOW,
                "Encode and compress Parquet on a second thread per task, while the task thread polls and converts"
                        + " the next records. It raises a task's records per second when the worker has a core to"
                        + " spare (see the sink benchmark); turn it off on workers whose cores are all busy with"
                        + " tasks. Either way a file is finished only after all its rows are written.",
                GROUP, ++order, Width.SHORT, "Encoder thread");
        def.define(NULL_VALUES, Type.STRING, "fail", ConfigDef.ValidString.in("fail", "ignore"), Importance.MEDIUM,
                "What to do with a record whose value is null (a tombstone): 'fail' the task, or 'ignore' it"
                        + " (its offset still counts as written).",
                GROUP, ++order, Width.SHORT, "Null values");
        def.define(WRITE_COORDINATES, Type.BOOLEAN, true, Importance.MEDIUM,
                "Write each record's Kafka topic, partition, offset and timestamp as columns, so every row can be"
                        + " traced to its offset.",
                GROUP, ++order, Width.SHORT, "Kafka coordinate columns");
        def.define(WRITE_KEY, Type.BOOLEAN, false, Importance.LOW, "Write the record key as a column.",
                GROUP, ++order, Width.SHORT, "Key column");
        def.define(WRITE_HEADERS, Type.BOOLEAN, false, Importance.LOW, "Write the record headers as a column.",
                GROUP, ++order, Width.SHORT, "Headers column");
    }
}
