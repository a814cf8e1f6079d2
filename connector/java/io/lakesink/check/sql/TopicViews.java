package io.lakesink.check.sql;

import io.lakesink.check.CheckContext;
import io.lakesink.sql.SqlSandbox;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A commit's data as SQL, in a {@link SqlSandbox}: each topic with new rows as a view named after the topic, and
 * the topic's rows on main as {@code main_<topic>}. Names are quoted, so topics with '.' or '-' work as
 * {@code "orders.v1"}. The session can read those files and nothing else.
 */
public final class TopicViews {
    private TopicViews() {
    }

    public static SqlSandbox open(CheckContext context) throws SQLException {
        Map<String, List<Path>> views = new LinkedHashMap<>();
        for (String topic : context.topics()) {
            views.put(topic, context.newFiles(topic));
            List<Path> onMain = context.mainFiles(topic);
            if (!onMain.isEmpty()) {
                views.put("main_" + topic, onMain);
            }
        }
        return SqlSandbox.open(context.sqlLimits(), context.scratch(), views);
    }
}
