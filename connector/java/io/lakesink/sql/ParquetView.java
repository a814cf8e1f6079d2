package io.lakesink.sql;

import java.nio.file.Path;
import java.util.List;

/**
 * A view a {@link SqlSandbox} offers, named after a topic: its rows in some Parquet files, or no rows with the
 * columns of a sample file (a topic that has nothing new), or no rows and no known columns (a topic that has had
 * no rows at all yet).
 */
public record ParquetView(String name, List<Path> files, boolean rows) {
    /** The column a view of a topic without any rows yet has, so that a query naming real columns says so. */
    public static final String NO_ROWS_YET = "_no_rows_yet";

    public ParquetView {
        files = List.copyOf(files);
    }

    public static ParquetView of(String name, List<Path> files) {
        return new ParquetView(name, files, true);
    }

    /** No rows, with the columns of {@code sample}. */
    public static ParquetView emptyLike(String name, Path sample) {
        return new ParquetView(name, List.of(sample), false);
    }

    /** No rows and no columns known yet. */
    public static ParquetView noRowsYet(String name) {
        return new ParquetView(name, List.of(), false);
    }

    /** Whether the view's columns are known (it has files to take them from). */
    public boolean columnsKnown() {
        return !files.isEmpty();
    }
}
