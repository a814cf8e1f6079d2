package io.lakesink.check.sql;

import io.lakesink.check.Check;
import io.lakesink.check.CheckContext;
import io.lakesink.check.CheckResult;
import io.lakesink.check.RowRef;

import io.lakesink.sql.ParquetView;
import io.lakesink.sql.ReadOnlyQuery;
import io.lakesink.sql.SqlSandbox;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A DuckDB query over the commit's new rows. Without a threshold the query names bad rows and must return none;
 * with one, its first value (a number or boolean) is compared with the threshold. A query that returns the Kafka
 * coordinates of its rows ({@code SELECT *}, or {@code _kafka_partition} and {@code _kafka_offset}, with
 * {@code _kafka_topic} when it reads several topics) names exactly which rows are bad, so that publishing can
 * quarantine those rows alone.
 */
final class SqlCheck implements Check {
    private static final int ROWS_SHOWN = 5;
    /**
     * Past this many bad rows the check judges the commit as a whole: so many bad rows in one interval is a broken
     * upstream rather than stray records, and the list would cost the worker's memory.
     */
    static final int MAX_ROWS_NAMED = 100_000;

    private final String name;
    private final String sql;
    private final Double threshold;
    private final Comparison comparison;
    private final String topic;
    private volatile Set<String> tables;

    SqlCheck(String name, String sql, Double threshold, Comparison comparison, String topic) {
        this.name = name;
        this.sql = sql;
        this.threshold = threshold;
        this.comparison = comparison;
        this.topic = topic;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CheckResult run(CheckContext context) throws Exception {
        if (topic != null && !context.topics().contains(topic)) {
            return CheckResult.pass(name, 0, "no new rows in " + topic);
        }
        List<ParquetView> views = TopicViews.of(context, tables());
        try (SqlSandbox duck = SqlSandbox.open(context.sqlLimits(), context.scratch(), views)) {
            return duck.query(sql, rs -> threshold == null ? noRows(rs) : compared(rs));
        } catch (SQLException e) {
            List<String> unknownColumns = views.stream().filter(v -> !v.columnsKnown()).map(ParquetView::name)
                    .toList();
            return CheckResult.couldNotRun(name, "the check could not run: DuckDB says: " + SqlSandbox.describe(e)
                    + (unknownColumns.isEmpty() ? "" : " (" + String.join(", ", unknownColumns) + " had no rows yet,"
                    + " so their columns are unknown; set checks." + name + ".topic to run this check only on commits"
                    + " with rows of the topic)"));
        }
    }

    /** The tables the query reads from, parsed once: only those become views. */
    private Set<String> tables() {
        Set<String> known = tables;
        if (known == null) {
            known = ReadOnlyQuery.tablesReferenced(sql);
            tables = known;
        }
        return known;
    }

    private CheckResult noRows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Coordinates at = Coordinates.of(md, tables());
        Set<RowRef> named = at == null ? null : new HashSet<>();
        List<String> shown = new ArrayList<>();
        long count = 0;
        while (rs.next()) {
            if (count++ < ROWS_SHOWN) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    values.add(md.getColumnLabel(i) + "=" + rs.getObject(i));
                }
                shown.add("{" + String.join(", ", values) + "}");
            }
            if (named != null) {
                RowRef row = at.of(rs);
                if (row == null || named.size() >= MAX_ROWS_NAMED) {
                    named = null; // a row without coordinates, or too many: judge the commit as a whole
                } else {
                    named.add(row);
                }
            }
        }
        if (count == 0) {
            return CheckResult.pass(name, 0, "the query returned no rows");
        }
        String message = count + " row(s) returned where none may be, e.g. " + String.join(" ", shown);
        return named == null ? CheckResult.fail(name, count, message) : CheckResult.failRows(name, count, named, message);
    }

    /** Where a result carries each row's Kafka coordinates. */
    private record Coordinates(int topicColumn, String onlyTopic, int partitionColumn, int offsetColumn) {
        /** Null when the result does not name rows: no partition or offset, or several topics and no topic. */
        static Coordinates of(ResultSetMetaData md, Set<String> tables) throws SQLException {
            int topic = -1;
            int partition = -1;
            int offset = -1;
            for (int i = 1; i <= md.getColumnCount(); i++) {
                switch (md.getColumnLabel(i).toLowerCase(Locale.ROOT)) {
                    case "_kafka_topic" -> topic = i;
                    case "_kafka_partition" -> partition = i;
                    case "_kafka_offset" -> offset = i;
                    default -> { }
                }
            }
            if (partition < 0 || offset < 0) {
                return null;
            }
            List<String> topics = tables.stream().filter(t -> !t.startsWith(TopicViews.MAIN_PREFIX)).toList();
            if (topic < 0 && topics.size() != 1) {
                return null;
            }
            return new Coordinates(topic, topic < 0 ? topics.get(0) : null, partition, offset);
        }

        RowRef of(ResultSet rs) throws SQLException {
            Object t = topicColumn < 0 ? onlyTopic : rs.getObject(topicColumn);
            Object p = rs.getObject(partitionColumn);
            Object o = rs.getObject(offsetColumn);
            if (!(t instanceof String topic) || !(p instanceof Number partition) || !(o instanceof Number offset)) {
                return null;
            }
            return new RowRef(topic, partition.intValue(), offset.longValue());
        }
    }

    private CheckResult compared(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return CheckResult.fail(name, Double.NaN, "the query returned no value to compare with " + threshold);
        }
        Object value = rs.getObject(1);
        double figure;
        if (value instanceof Boolean b) {
            figure = b ? 1 : 0;
        } else if (value instanceof Number n) {
            figure = n.doubleValue();
        } else {
            return CheckResult.fail(name, Double.NaN, "the query returned " + value + ", not a number or boolean");
        }
        String verdict = figure + " " + comparison.symbol() + " " + threshold;
        return comparison.holds(figure, threshold) ? CheckResult.pass(name, figure, verdict)
                : CheckResult.fail(name, figure, "expected " + verdict + ", which does not hold");
    }
}
