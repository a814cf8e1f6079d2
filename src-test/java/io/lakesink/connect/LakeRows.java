package io.lakesink.connect;

import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.VersionedLake;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the Parquet files of a lake ref back with DuckDB, an independent reader. */
final class LakeRows {
    private LakeRows() {
    }

    static List<String> files(VersionedLake lake, String repo, String ref, String prefix) {
        return LakeFixture.all(p -> lake.listObjects(repo, ref, prefix, p)).stream()
                .filter(o -> o.path().endsWith(".parquet"))
                .map(ObjectStats::physicalAddress)
                .map(a -> Path.of(URI.create(a)).toString())
                .toList();
    }

    /** Rows of a SQL query over the files, which are available as the view {@code rows}. */
    static List<Map<String, Object>> query(List<String> files, String sql) throws SQLException {
        String list = files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(",", "[", "]"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("CREATE VIEW rows AS SELECT * FROM read_parquet(" + list + ", union_by_name = true)");
            try (ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }
}
