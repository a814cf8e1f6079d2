package io.lakesink.connect.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Group "Compaction": when the connector rewrites small files already on main into files of
 * {@value RotationKeys#FILE_SIZE_TARGET}, by a commit that changes no row and no offset.
 */
public final class CompactionKeys {
    public static final String GROUP = "Compaction";

    public static final String ENABLED = "compaction.enabled";
    public static final String MIN_SMALL_FILES = "compaction.min.small.files";
    public static final String INTERVAL_MS = "compaction.interval.ms";
    public static final String RETENTION_MS = "lake.embedded.retention.ms";

    private CompactionKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                "Compact small files on main automatically (needs " + PublishKeys.ENABLED + "=true; the publisher"
                        + " runs it between publishes). The compaction commit goes to the ingest branch with its"
                        + " parent's offsets and reaches main through the normal publish path with nothing to check;"
                        + " readers of main see the old files or the new ones, never both.",
                GROUP, ++order, Width.SHORT, "Automatic compaction");
        def.define(MIN_SMALL_FILES, Type.INT, 16, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                "A partition directory is compacted once it holds more than this many small files (below half of "
                        + RotationKeys.FILE_SIZE_TARGET + "). Lower: fewer files for readers, more rewriting.",
                GROUP, ++order, Width.SHORT, "Small files before compaction");
        def.define(INTERVAL_MS, Type.LONG, 600_000L, ConfigDef.Range.atLeast(1_000), Importance.LOW,
                "How often the publisher looks over main's files for directories to compact (one listing of "
                        + FormatKeys.TOPICS_DIR + " on main each time).",
                GROUP, ++order, Width.SHORT, "Compaction interval");
        def.define(RETENTION_MS, Type.LONG, 7L * 24 * 60 * 60 * 1000, ConfigDef.Range.atLeast(-1),
                Importance.MEDIUM,
                "Embedded lake only: object files that no branch head and no commit younger than this refer to"
                        + " (small files a compaction replaced, files of rolled-back commits) are deleted, about once"
                        + " an hour by the publisher and on demand by lakesink gc. A rollback can go back this far"
                        + " with every file in place. -1 keeps every object. The lakeFS backend leaves this to"
                        + " lakeFS's own garbage collection rules.",
                GROUP, ++order, Width.SHORT, "Embedded lake retention");
    }
}
