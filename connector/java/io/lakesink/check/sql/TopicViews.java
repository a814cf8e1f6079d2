package io.lakesink.check.sql;

import io.lakesink.check.CheckContext;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Exposes a commit's data to SQL in DuckDB: each topic with new rows as a view named after the topic, and the
 * topic's rows on main as {@code main_<topic>}. Names are quoted, so topics with '.' or '-' work as
 * {@code "orders.v1"}.
 */
public final class TopicViews {
    private TopicViews() {
    }

    static void create(Connection duck, CheckContext context) throws SQLException {
        try (Statement s = duck.createStatement()) {
            for (String topic : context.topics()) {
                createView(s, topic, context.newFiles(topic));
                List<Path> onMain = context.mainFiles(topic);
                if (!onMain.isEmpty()) {
                    createView(s, "main_" + topic, onMain);
                }
            }
        }
    }

    /** A view {@code name} (quoted, so any topic name works) over these Parquet files. */
    public static void createView(Statement s, String name, List<Path> files) throws SQLException {
        s.execute("CREATE VIEW " + quote(name) + " AS " + readParquet(files));
    }

    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String readParquet(List<Path> files) {
        return "SELECT * FROM read_parquet(" + files.stream().map(f -> "'" + f.toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "[", "]")) + ", union_by_name = true)";
    }
}
