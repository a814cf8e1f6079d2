package io.lakesink.check.builtin;

import io.lakesink.check.Check;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckType;
import io.lakesink.check.RowRef;
import io.lakesink.check.sql.TopicViews;
import io.lakesink.sql.SqlSandbox;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code not-null}: required columns are present and their null fraction in the new rows stays at or below
 * {@code max.null.fraction} (0 by default: no nulls at all). With no nulls allowed, a failure names the rows that
 * hold them, so publishing can quarantine those rows alone; a share above the limit judges the commit as a whole.
 */
public final class NotNullCheckType implements CheckType {
    /** Past this many rows with nulls the check judges the commit as a whole. */
    private static final int MAX_ROWS_NAMED = 100_000;

    @Override
    public String type() {
        return "not-null";
    }

    @Override
    public ConfigDef configDef() {
        return new ConfigDef()
                .define("columns", Type.LIST, ConfigDef.NO_DEFAULT_VALUE, (key, value) -> {
                    if (value instanceof List<?> list && list.isEmpty()) {
                        throw new ConfigException(key, value, "name at least one column");
                    }
                }, Importance.HIGH, "Columns that must be present and (nearly) never null.")
                .define("max.null.fraction", Type.DOUBLE, 0.0, ConfigDef.Range.between(0.0, 1.0), Importance.MEDIUM,
                        "Largest share of null values allowed per column, from 0 (none) to 1.")
                .define(Topics.KEY, Type.LIST, "", Importance.MEDIUM, Topics.DOC);
    }

    @Override
    public Check create(String name, AbstractConfig config) {
        List<String> columns = config.getList("columns");
        double maxFraction = config.getDouble("max.null.fraction");
        List<String> named = config.getList(Topics.KEY);
        return Check.named(name, context -> {
            double worst = 0;
            List<String> topics = Topics.of(context, named);
            try (SqlSandbox duck = TopicViews.open(context, topics)) {
                for (String topic : topics) {
                    for (String column : columns) {
                        if (!hasColumn(duck, topic, column)) {
                            return CheckResult.fail(name, 1, "column " + column + " is missing from " + topic);
                        }
                        Object fraction = duck.scalar("SELECT count(*) FILTER (WHERE " + SqlSandbox.quote(column)
                                + " IS NULL) / count(*) FROM " + SqlSandbox.quote(topic));
                        double f = fraction == null ? 0 : ((Number) fraction).doubleValue();
                        worst = Math.max(worst, f);
                        if (f > maxFraction) {
                            String message = String.format("%.1f%% of %s in %s are null (at most %.1f%% allowed)",
                                    f * 100, column, topic, maxFraction * 100);
                            Set<RowRef> rows = maxFraction == 0 ? nullRows(duck, topics, columns) : null;
                            return rows == null ? CheckResult.fail(name, f, message)
                                    : CheckResult.failRows(name, f, rows, message);
                        }
                    }
                }
            }
            return CheckResult.pass(name, worst, String.format("at most %.1f%% nulls in %s", worst * 100,
                    columns));
        });
    }

    private static boolean hasColumn(SqlSandbox duck, String view, String column) throws java.sql.SQLException {
        Object present = duck.scalar("SELECT count(*) FROM (DESCRIBE SELECT * FROM " + SqlSandbox.quote(view)
                + ") WHERE column_name = '" + column.replace("'", "''") + "'");
        return ((Number) present).longValue() > 0;
    }

    /**
     * Every row with a null in any of the columns, in every topic that has them all; null when rows cannot be named
     * (no Kafka coordinates in the files, a column missing from a topic, or too many rows to list).
     */
    private static Set<RowRef> nullRows(SqlSandbox duck, List<String> topics, List<String> columns)
            throws java.sql.SQLException {
        Set<RowRef> rows = new HashSet<>();
        for (String topic : topics) {
            for (String needed : List.of("_kafka_partition", "_kafka_offset")) {
                if (!hasColumn(duck, topic, needed)) {
                    return null;
                }
            }
            List<String> nulls = new java.util.ArrayList<>();
            for (String column : columns) {
                if (!hasColumn(duck, topic, column)) {
                    return null;
                }
                nulls.add(SqlSandbox.quote(column) + " IS NULL");
            }
            boolean complete = duck.query("SELECT _kafka_partition, _kafka_offset FROM " + SqlSandbox.quote(topic)
                    + " WHERE " + String.join(" OR ", nulls) + " LIMIT " + (MAX_ROWS_NAMED + 1), rs -> {
                        while (rs.next()) {
                            if (rows.size() >= MAX_ROWS_NAMED) {
                                return false;
                            }
                            rows.add(new RowRef(topic, rs.getInt(1), rs.getLong(2)));
                        }
                        return true;
                    });
            if (!complete) {
                return null;
            }
        }
        return rows;
    }
}
