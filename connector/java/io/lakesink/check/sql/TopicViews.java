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
final class TopicViews {
    private TopicViews() {
    }

    static void create(Connection duck, CheckContext context) throws SQLException {
        try (Statement s = duck.createStatement()) {
            for (String topic : context.topics()) {
                s.execute("CREATE VIEW " + quote(topic) + " AS " + readParquet(context.newFiles(topic)));
                List<Path> onMain = context.mainFiles(topic);
                if (!onMain.isEmpty()) {
                    s.execute("CREATE VIEW " + quote("main_" + topic) + " AS " + readParquet(onMain));
                }
            }
        }
    }

    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String readParquet(List<Path> files) {
        return "SELECT * FROM read_parquet(" + files.stream().map(f -> "'" + f.toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "[", "]")) + ", union_by_name = true)";
    }
}
