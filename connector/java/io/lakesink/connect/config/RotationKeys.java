package io.lakesink.connect.config;

import io.lakesink.write.Rotation;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Group "Rotation": when a file is closed before the commit closes it. Every commit closes all files, so by default
 * a commit adds one file per task and partition directory, up to the size target.
 */
public final class RotationKeys {
    public static final String GROUP = "Rotation";

    public static final String FILE_SIZE_TARGET = "file.size.target.bytes";
    public static final String FLUSH_SIZE = "flush.size";
    public static final String ROTATE_INTERVAL_MS = "rotate.interval.ms";
    public static final String MAX_OPEN_FILES = "max.open.files";

    private RotationKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(FILE_SIZE_TARGET, Type.LONG, Rotation.DEFAULT_FILE_SIZE_TARGET_BYTES,
                ConfigDef.Range.atLeast(64 * 1024), Importance.HIGH,
                "Close a file once its encoded (compressed) Parquet size reaches this many bytes; compaction writes"
                        + " files of this size too. Files are otherwise closed at each commit, so a commit adds one"
                        + " file per task and partition directory. Estimated every few hundred rows from the bytes"
                        + " written plus those buffered, so a file ends within about a page per column of it.",
                GROUP, ++order, Width.SHORT, "File size target");
        def.define(FLUSH_SIZE, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Records per file, as in the S3 sink: a file that reaches this many is closed and a new one opened."
                        + " 0 (the default) leaves it to " + FILE_SIZE_TARGET + ", " + "rotate.interval.ms"
                        + " and the commit: many small files cost a lake more than a few large ones.",
                GROUP, ++order, Width.SHORT, "Flush size");
        def.define(ROTATE_INTERVAL_MS, Type.LONG, -1L, ConfigDef.Range.atLeast(-1), Importance.MEDIUM,
                "Close a file this many milliseconds (of record time) after its first record; -1 turns it off.",
                GROUP, ++order, Width.SHORT, "Rotate interval");
        def.define(MAX_OPEN_FILES, Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                "Files a task keeps open at once; opening one more closes the one written least recently.",
                GROUP, ++order, Width.SHORT, "Open files per task");
    }
}
