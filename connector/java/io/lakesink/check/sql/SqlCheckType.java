package io.lakesink.check.sql;

import io.lakesink.check.Check;
import io.lakesink.check.CheckType;
import io.lakesink.sql.ReadOnlyQuery;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@code checks.<name>.type=sql}: a DuckDB query over the new rows. Each of the connector's topics the query names
 * is a view of the commit's new rows of it (empty when there are none), and the topic's rows on main are
 * {@code main_<topic>}, listed only when the query names it.
 */
public final class SqlCheckType implements CheckType {
    public static final String SQL = "sql";
    public static final String THRESHOLD = "threshold";
    public static final String OPERATOR = "operator";
    public static final String TOPIC = "topic";

    /** Refuses at validate what the sandbox would refuse at run time, quoting DuckDB's parser. */
    private static final ConfigDef.Validator READ_ONLY_QUERY = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String problem = ReadOnlyQuery.problem((String) value);
            if (problem != null) {
                throw new ConfigException(name, value, problem);
            }
        }

        @Override
        public String toString() {
            return "one read-only SQL query";
        }
    };

    @Override
    public String type() {
        return "sql";
    }

    @Override
    public ConfigDef configDef() {
        return new ConfigDef()
                .define(SQL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, READ_ONLY_QUERY, Importance.HIGH,
                        "The query: exactly one read-only statement (SELECT, WITH ... SELECT, VALUES or FROM ...)."
                                + " Without a threshold it selects bad rows and the check passes when it returns none,"
                                + " e.g. SELECT * FROM orders WHERE amount < 0. With a threshold its first value is"
                                + " compared, e.g. SELECT count(*) FROM orders. It runs in a DuckDB sandbox that can"
                                + " read the commit's files and nothing else.")
                .define(THRESHOLD, Type.DOUBLE, null, Importance.MEDIUM,
                        "Compare the query's first value with this instead of requiring no rows.")
                .define(OPERATOR, Type.STRING, "<=", ConfigDef.ValidString.in(Comparison.symbols()), Importance.MEDIUM,
                        "How the value is compared with the threshold: the check passes when value <operator>"
                                + " threshold holds.")
                .define(TOPIC, Type.STRING, null, Importance.MEDIUM,
                        "Run only on commits with new rows in this topic. Without it the check runs on every"
                                + " commit, and a topic with no new rows is an empty view (with the columns main has"
                                + " for it).");
    }

    @Override
    public Check create(String name, AbstractConfig config) {
        return new SqlCheck(name, config.getString(SQL), config.getDouble(THRESHOLD),
                Comparison.of(config.getString(OPERATOR)), config.getString(TOPIC));
    }
}
