package io.lakesink.sql;

import java.util.regex.Pattern;

/**
 * Bounds on one DuckDB session, so that a check or a query cannot starve the Connect worker or the machine it
 * runs on: the memory DuckDB may hold before it spills to its scratch directory, and the threads it may use.
 *
 * @param memoryLimit in DuckDB's notation, e.g. {@code 512MB} or {@code 2GiB}
 */
public record SqlLimits(String memoryLimit, int threads) {
    private static final Pattern MEMORY = Pattern.compile("\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)",
            Pattern.CASE_INSENSITIVE);

    public static final SqlLimits DEFAULTS = new SqlLimits("512MB", 1);

    public SqlLimits {
        String problem = memoryLimitProblem(memoryLimit);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("DuckDB needs at least 1 thread, not " + threads);
        }
    }

    /** Why {@code value} is not a memory limit DuckDB takes, or null when it is one. */
    public static String memoryLimitProblem(String value) {
        if (value == null || !MEMORY.matcher(value.trim()).matches()) {
            return "'" + value + "' is not a memory size such as 512MB or 2GB";
        }
        return null;
    }
}
