package io.lakesink.connect.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.nio.file.Path;

/**
 * Group "Staging": where a task keeps its files before they reach the lake. Workers often have a small /tmp, so
 * the operator must be able to point this at a disk sized for the open files.
 */
public final class StagingKeys {
    public static final String GROUP = "Staging";

    public static final String WORK_DIR = "work.dir";

    private StagingKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(WORK_DIR, Type.STRING, "", Validators.absolutePathOrEmpty(), Importance.MEDIUM,
                "Local directory under which each task stages its Parquet files until the commit uploads them, and"
                        + " where checks copy the files they query and DuckDB spills. Each task makes its own"
                        + " sub-directory (lakesink-<connector>-<task>-*) and deletes it when it stops. Empty (the"
                        + " default): the worker JVM's temporary directory (java.io.tmpdir). Needs up to "
                        + RotationKeys.FILE_SIZE_TARGET + " per open file of every task on the worker.",
                GROUP, ++order, Width.LONG, "Work directory");
    }

    static Path workDir(AbstractConfig config) {
        String configured = config.getString(WORK_DIR).trim();
        return Path.of(configured.isEmpty() ? System.getProperty("java.io.tmpdir") : configured);
    }
}
