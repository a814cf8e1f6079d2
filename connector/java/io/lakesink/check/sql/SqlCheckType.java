package io.lakesink.check.sql;

import io.lakesink.check.Check;
import io.lakesink.check.CheckType;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * {@code checks.<name>.type=sql}: a DuckDB query over the new rows. Each topic with new rows is a view named after
 * the topic, and the topic's rows on main are {@code main_<topic>}.
 */
public final class SqlCheckType implements CheckType {
    public static final String SQL = "sql";
    public static final String THRESHOLD = "threshold";
    public static final String OPERATOR = "operator";
    public static final String TOPIC = "topic";

    @Override
    public String type() {
        return "sql";
    }

    @Override
    public ConfigDef configDef() {
        return new ConfigDef()
                .define(SQL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "The query. Without a threshold it selects bad rows and the check passes when it returns none,"
                                + " e.g. SELECT * FROM orders WHERE amount < 0. With a threshold its first value is"
                                + " compared, e.g. SELECT count(*) FROM orders.")
                .define(THRESHOLD, Type.DOUBLE, null, Importance.MEDIUM,
                        "Compare the query's first value with this instead of requiring no rows.")
                .define(OPERATOR, Type.STRING, "<=", ConfigDef.ValidString.in(Comparison.symbols()), Importance.MEDIUM,
                        "How the value is compared with the threshold: the check passes when value <operator>"
                                + " threshold holds.")
                .define(TOPIC, Type.STRING, null, Importance.MEDIUM,
                        "Run only on commits with new rows in this topic (the query may then name it safely).");
    }

    @Override
    public Check create(String name, AbstractConfig config) {
        return new SqlCheck(name, config.getString(SQL), config.getDouble(THRESHOLD),
                Comparison.of(config.getString(OPERATOR)), config.getString(TOPIC));
    }
}
