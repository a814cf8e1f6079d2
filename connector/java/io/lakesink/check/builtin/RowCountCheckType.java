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

import java.util.List;
import java.util.Map;

/** {@code row-count}: each topic's new rows per commit stay within {@code min} and {@code max}. */
public final class RowCountCheckType implements CheckType {
    @Override
    public String type() {
        return "row-count";
    }

    @Override
    public ConfigDef configDef() {
        return new ConfigDef()
                .define("min", Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.HIGH,
                        "Fewest new rows a topic may have in one commit.")
                .define("max", Type.LONG, Long.MAX_VALUE, ConfigDef.Range.atLeast(0), Importance.HIGH,
                        "Most new rows a topic may have in one commit.")
                .define(Topics.KEY, Type.LIST, "", Importance.MEDIUM, Topics.DOC);
    }

    @Override
    public Map<String, String> problems(AbstractConfig config) {
        long min = config.getLong("min");
        long max = config.getLong("max");
        return min <= max ? Map.of() : Map.of("max", "max (" + max + ") is less than min (" + min + "): no commit"
                + " could pass");
    }

    @Override
    public Check create(String name, AbstractConfig config) {
        long min = config.getLong("min");
        long max = config.getLong("max");
        List<String> named = config.getList(Topics.KEY);
        return Check.named(name, context -> {
            long total = 0;
            List<String> topics = Topics.of(context, named);
            try (SqlSandbox duck = TopicViews.open(context, topics)) {
                for (String topic : topics) {
                    long rows = ((Number) duck.scalar("SELECT count(*) FROM " + SqlSandbox.quote(topic))).longValue();
                    total += rows;
                    if (rows < min || rows > max) {
                        return CheckResult.fail(name, rows, rows + " new row(s) in " + topic + ", outside ["
                                + min + ", " + max + "]");
                    }
                }
            }
            return CheckResult.pass(name, total, total + " new row(s), within [" + min + ", " + max + "]");
        });
    }
}
