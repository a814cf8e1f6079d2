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

import java.time.Clock;
import java.util.List;

/** {@code freshness}: the newest event time in the new rows is no older than {@code max.age.ms}. */
public final class FreshnessCheckType implements CheckType {
    private final Clock clock;

    public FreshnessCheckType() {
        this(Clock.systemUTC());
    }

    FreshnessCheckType(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "freshness";
    }

    @Override
    public ConfigDef configDef() {
        return new ConfigDef()
                .define("max.age.ms", Type.LONG, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(0), Importance.HIGH,
                        "How old the newest event of a commit may be, in milliseconds, when the check runs.")
                .define("timestamp.column", Type.STRING, "_kafka_timestamp", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, "Column holding the event time (a timestamp); by default the Kafka"
                                + " record timestamp the sink writes.")
                .define(Topics.KEY, Type.LIST, "", Importance.MEDIUM, Topics.DOC);
    }

    @Override
    public Check create(String name, AbstractConfig config) {
        long maxAge = config.getLong("max.age.ms");
        String column = config.getString("timestamp.column");
        List<String> named = config.getList(Topics.KEY);
        return Check.named(name, context -> {
            long oldestNewest = Long.MAX_VALUE;
            String stalest = null;
            List<String> topics = Topics.of(context, named);
            try (SqlSandbox duck = TopicViews.open(context, topics)) {
                for (String topic : topics) {
                    Object newest = duck.scalar("SELECT epoch_ms(max(" + SqlSandbox.quote(column) + ")) FROM "
                            + SqlSandbox.quote(topic));
                    if (newest != null && ((Number) newest).longValue() < oldestNewest) {
                        oldestNewest = ((Number) newest).longValue();
                        stalest = topic;
                    }
                }
            }
            if (stalest == null) {
                return CheckResult.pass(name, 0, "no event times in the new rows");
            }
            long age = clock.millis() - oldestNewest;
            String figure = "newest event in " + stalest + " is " + age + " ms old (at most " + maxAge + ")";
            return age <= maxAge ? CheckResult.pass(name, age, figure) : CheckResult.fail(name, age, figure);
        });
    }
}
