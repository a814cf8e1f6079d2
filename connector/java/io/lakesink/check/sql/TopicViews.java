package io.lakesink.check.sql;

import io.lakesink.check.CheckContext;
import io.lakesink.sql.ParquetView;
import io.lakesink.sql.SqlSandbox;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A commit's data as SQL views, only those a check reads: a topic's new rows as a view named after the topic (an
 * empty one, with the topic's columns, when the commit adds none of its rows), and the topic's rows on main as
 * {@code main_<topic>}. Main is listed only for a query that names {@code main_<topic>}, so what a check costs
 * follows the new data, not the size of main. Names are quoted, so topics with '.' or '-' work as
 * {@code "orders.v1"}. The views live in a {@link SqlSandbox}, which can read their files and nothing else.
 */
public final class TopicViews {
    static final String MAIN_PREFIX = "main_";

    private TopicViews() {
    }

    /** A sandbox offering the views among {@code names} that are topics or {@code main_<topic>}. */
    public static SqlSandbox open(CheckContext context, Collection<String> names) throws SQLException {
        return SqlSandbox.open(context.sqlLimits(), context.scratch(), of(context, names));
    }

    /** The views among {@code names}; names that are neither a topic nor main's rows of one get none. */
    static List<ParquetView> of(CheckContext context, Collection<String> names) {
        List<ParquetView> views = new ArrayList<>();
        for (String name : names) {
            Optional<String> withNewRows = topicWithNewRows(context, name);
            if (withNewRows.isPresent()) {
                views.add(ParquetView.of(name, context.newFiles(withNewRows.get())));
            } else if (name.toLowerCase(Locale.ROOT).startsWith(MAIN_PREFIX) && name.length() > MAIN_PREFIX.length()) {
                mainView(context, name, name.substring(MAIN_PREFIX.length())).ifPresent(views::add);
            } else {
                Optional<Path> sample = context.columnsSample(name);
                if (sample.isPresent()) {
                    views.add(ParquetView.emptyLike(name, sample.get()));
                } else if (context.isConnectorTopic(name)) {
                    views.add(ParquetView.noRowsYet(name));
                }
            }
        }
        return views;
    }

    private static Optional<ParquetView> mainView(CheckContext context, String name, String topic) {
        List<Path> onMain = context.mainFiles(topic);
        if (!onMain.isEmpty()) {
            return Optional.of(ParquetView.of(name, onMain));
        }
        Optional<String> withNewRows = topicWithNewRows(context, topic);
        if (withNewRows.isPresent()) {
            return Optional.of(ParquetView.emptyLike(name, context.newFiles(withNewRows.get()).get(0)));
        }
        return context.isConnectorTopic(topic) ? Optional.of(ParquetView.noRowsYet(name)) : Optional.empty();
    }

    /** SQL names are case-insensitive, so {@code orders} finds the topic {@code Orders}. */
    private static Optional<String> topicWithNewRows(CheckContext context, String name) {
        return context.topics().stream().filter(t -> t.equalsIgnoreCase(name)).findFirst();
    }
}
