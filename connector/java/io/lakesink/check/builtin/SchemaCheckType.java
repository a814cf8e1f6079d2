package io.lakesink.check.builtin;

import io.lakesink.check.Check;
import io.lakesink.check.CheckContext;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckType;
import io.lakesink.sql.SqlSandbox;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code schema}: the new files' columns are compatible with main's. {@code backward} (default): no column that is
 * required on main is dropped, and no column's type narrows (BIGINT to INTEGER, DOUBLE to BIGINT, or any other change
 * but a numeric widening). {@code full}: the same columns with the same types. {@code none}: anything goes. A topic
 * new to main always passes. Main's columns are those of its last file of the topic in path order, the only one of
 * main's files fetched.
 */
public final class SchemaCheckType implements CheckType {
    private static final List<String> INTEGERS = List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT");
    private static final List<String> FLOATS = List.of("FLOAT", "DOUBLE");

    @Override
    public String type() {
        return "schema";
    }

    @Override
    public ConfigDef configDef() {
        return new ConfigDef()
                .define("compatibility", Type.STRING, "backward", ConfigDef.ValidString.in("backward", "full", "none"),
                        Importance.HIGH, "backward: no dropped required column, no narrowed type; full: identical"
                                + " columns and types; none: no check.")
                .define(Topics.KEY, Type.LIST, "", Importance.MEDIUM, Topics.DOC);
    }

    private record Column(String type, boolean required) {
    }

    @Override
    public Check create(String name, AbstractConfig config) {
        String mode = config.getString("compatibility");
        List<String> named = config.getList(Topics.KEY);
        return Check.named(name, context -> {
            List<String> problems = new ArrayList<>();
            if (!mode.equals("none")) {
                for (String topic : Topics.of(context, named)) {
                    Optional<Path> main = context.lastMainFile(topic);
                    if (main.isEmpty()) {
                        continue;
                    }
                    Map<String, Column> before = columns(context, main.get());
                    for (Path file : context.newFiles(topic)) {
                        problems.addAll(compare(topic, before, columns(context, file), mode.equals("full")));
                    }
                }
            }
            List<String> distinct = problems.stream().distinct().toList();
            return distinct.isEmpty() ? CheckResult.pass(name, 0, "schemas are " + mode + " compatible with main")
                    : CheckResult.fail(name, distinct.size(), String.join("; ", distinct));
        });
    }

    private static List<String> compare(String topic, Map<String, Column> main, Map<String, Column> now, boolean full) {
        List<String> problems = new ArrayList<>();
        main.forEach((column, was) -> {
            Column is = now.get(column);
            if (is == null) {
                if (full || was.required()) {
                    problems.add(topic + "." + column + " (" + (was.required() ? "required" : "optional") + ")"
                            + " was dropped");
                }
            } else if (full ? !is.type().equals(was.type()) : !widensOrKeeps(was.type(), is.type())) {
                problems.add(topic + "." + column + " changed from " + was.type() + " to " + is.type());
            }
        });
        if (full) {
            now.keySet().stream().filter(c -> !main.containsKey(c)).forEach(c -> problems.add(topic + "." + c
                    + " was added"));
        }
        return problems;
    }

    private static boolean widensOrKeeps(String from, String to) {
        if (from.equals(to)) {
            return true;
        }
        int fromInt = INTEGERS.indexOf(from);
        int toInt = INTEGERS.indexOf(to);
        if (fromInt >= 0 && toInt >= 0) {
            return toInt >= fromInt;
        }
        return (fromInt >= 0 || FLOATS.indexOf(from) >= 0) && FLOATS.indexOf(to) >= Math.max(0, FLOATS.indexOf(from));
    }

    /** Top-level columns of a Parquet file: DuckDB's type, and whether Parquet marks it required. */
    private static Map<String, Column> columns(CheckContext context, Path file) throws SQLException {
        String f = "'" + file.toAbsolutePath().normalize().toString().replace("'", "''") + "'";
        Map<String, Boolean> required = new LinkedHashMap<>();
        Map<String, Column> out = new LinkedHashMap<>();
        try (SqlSandbox duck = SqlSandbox.open(context.sqlLimits(), context.scratch(), Map.of("file", List.of(file)))) {
            duck.query("SELECT name, repetition_type FROM parquet_schema(" + f + ")", rs -> {
                while (rs.next()) {
                    required.putIfAbsent(rs.getString(1), "REQUIRED".equals(rs.getString(2)));
                }
                return null;
            });
            duck.query("DESCRIBE SELECT * FROM file", rs -> {
                while (rs.next()) {
                    String column = rs.getString("column_name");
                    out.put(column, new Column(rs.getString("column_type"), required.getOrDefault(column, false)));
                }
                return null;
            });
        }
        return out;
    }
}
