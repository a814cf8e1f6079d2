package io.lakesink.quarantine;

import io.lakesink.lake.LocalCopies;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.VersionedLake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Rows of some Parquet objects of a ref, read back by DuckDB (an independent reader), as "a:b:c" strings. */
final class LakeParquetRows {
    private LakeParquetRows() {
    }

    /** {@code columns} of the rows matching {@code where}, each row its values joined by ':', in file order. */
    static List<String> read(VersionedLake lake, String repo, String ref, List<ObjectStats> files, Path scratchParent,
                             String columns, String where) throws Exception {
        if (files.isEmpty()) {
            return List.of();
        }
        Path scratch = Files.createTempDirectory(scratchParent, "read");
        String list = files.stream().map(o -> "'" + LocalCopies.of(lake, repo, ref, o, scratch) + "'")
                .collect(Collectors.joining(",", "[", "]"));
        List<String> out = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + columns + " FROM read_parquet(" + list
                     + ", union_by_name = true) WHERE " + where + " ORDER BY _kafka_partition, _kafka_offset")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join(":", values));
            }
        }
        return out;
    }
}
