package io.lakesink.check.builtin;

import io.lakesink.check.Check;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckType;
import io.lakesink.check.sql.TopicViews;
import io.lakesink.sql.SqlSandbox;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;

/**
 * {@code not-null}: required columns are present and their null fraction in the new rows stays at or below
 * {@code max.null.fraction} (0 by default: no nulls at all).
 */
public final class NotNullCheckType implements CheckType {
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
                        Object present = duck.scalar("SELECT count(*) FROM (DESCRIBE SELECT * FROM "
                                + SqlSandbox.quote(topic) + ") WHERE column_name = '" + column.replace("'", "''") + "'");
                        if (((Number) present).longValue() == 0) {
                            return CheckResult.fail(name, 1, "column " + column + " is missing from " + topic);
                        }
                        Object fraction = duck.scalar("SELECT count(*) FILTER (WHERE " + SqlSandbox.quote(column)
                                + " IS NULL) / count(*) FROM " + SqlSandbox.quote(topic));
                        double f = fraction == null ? 0 : ((Number) fraction).doubleValue();
                        worst = Math.max(worst, f);
                        if (f > maxFraction) {
                            return CheckResult.fail(name, f, String.format("%.1f%% of %s in %s are null"
                                    + " (at most %.1f%% allowed)", f * 100, column, topic, maxFraction * 100));
                        }
                    }
                }
            }
            return CheckResult.pass(name, worst, String.format("at most %.1f%% nulls in %s", worst * 100,
                    columns));
        });
    }
}
