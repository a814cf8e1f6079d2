package io.lakesink.connect.config;

import io.lakesink.sql.SqlLimits;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Group "SQL sandbox": what one DuckDB session of the checks may take from the worker. Checks run inside the
 * Connect worker, beside every other connector's tasks, so the defaults are modest; raise them for heavy checks.
 */
public final class SandboxKeys {
    public static final String GROUP = "SQL sandbox";

    public static final String MEMORY_LIMIT = "duckdb.memory.limit";
    public static final String THREADS = "duckdb.threads";

    private SandboxKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(MEMORY_LIMIT, Type.STRING, SqlLimits.DEFAULTS.memoryLimit(), Validators.memorySize(),
                Importance.LOW,
                "Memory one check's DuckDB session may hold (DuckDB's memory_limit, e.g. 512MB or 2GB); beyond it"
                        + " DuckDB spills to the task's work directory, and a query that still does not fit fails"
                        + " the check. Checks never read files other than the commit's.",
                GROUP, ++order, Width.SHORT, "DuckDB memory limit");
        def.define(THREADS, Type.INT, SqlLimits.DEFAULTS.threads(), ConfigDef.Range.between(1, 64), Importance.LOW,
                "Threads one check's DuckDB session may use (DuckDB's threads).",
                GROUP, ++order, Width.SHORT, "DuckDB threads");
    }

    static SqlLimits limits(AbstractConfig config) {
        return new SqlLimits(config.getString(MEMORY_LIMIT), config.getInt(THREADS));
    }
}
