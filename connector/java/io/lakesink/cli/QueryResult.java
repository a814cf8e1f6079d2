package io.lakesink.cli;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of a DuckDB query, read whole, as a table for people ({@link #texts}) or objects for JSON. */
record QueryResult(List<String> headers, List<List<Object>> values) {

    static QueryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> headers = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            headers.add(md.getColumnLabel(i));
        }
        List<List<Object>> values = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= headers.size(); i++) {
                row.add(rs.getObject(i));
            }
            values.add(row);
        }
        return new QueryResult(headers, values);
    }

    /** Each value as text, NULL for null. */
    List<List<String>> texts() {
        return values.stream().map(row -> row.stream().map(v -> v == null ? "NULL" : v.toString()).toList())
                .toList();
    }

    /** One object per row; numbers, booleans and nulls stay as they are, other values become text. */
    List<Map<String, Object>> objects() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> row : values) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                Object v = row.get(i);
                o.put(headers.get(i), v instanceof Number || v instanceof Boolean || v == null ? v : v.toString());
            }
            out.add(o);
        }
        return out;
    }
}
