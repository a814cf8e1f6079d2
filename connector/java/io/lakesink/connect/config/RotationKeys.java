package io.lakesink.connect.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Group "Rotation": when a file is closed. Every commit closes all files too. */
public final class RotationKeys {
    public static final String GROUP = "Rotation";

    public static final String FLUSH_SIZE = "flush.size";
    public static final String ROTATE_INTERVAL_MS = "rotate.interval.ms";
    public static final String MAX_OPEN_FILES = "max.open.files";

    private RotationKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(FLUSH_SIZE, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.HIGH,
                "Records per file: a file that reaches this many is closed and a new one opened.",
                GROUP, ++order, Width.SHORT, "Flush size");
        def.define(ROTATE_INTERVAL_MS, Type.LONG, -1L, ConfigDef.Range.atLeast(-1), Importance.MEDIUM,
                "Close a file this many milliseconds (of record time) after its first record; -1 turns it off.",
                GROUP, ++order, Width.SHORT, "Rotate interval");
        def.define(MAX_OPEN_FILES, Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                "Files a task keeps open at once; opening one more closes the one written least recently.",
                GROUP, ++order, Width.SHORT, "Open files per task");
    }
}
