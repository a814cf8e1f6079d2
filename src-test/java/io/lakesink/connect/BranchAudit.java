package io.lakesink.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.lake.Commit;
import io.lakesink.lake.FirstParents;
import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.embedded.EmbeddedLake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a branch of an embedded lake holds, as JSON on stdout, for tests that must not load LakeSink into their own
 * JVM (the plugin ITs: there the only copy of LakeSink lives in the Connect workers). Run with the CLI jar and the test
 * classes on the class path: {@code BranchAudit <lake dir> <repository> <branch>...}. Per branch: the head's
 * metadata, the rows per Kafka partition read back with DuckDB (count, distinct offsets, lowest and highest offset),
 * how many files the head links and how many distinct physical files that is, and the branch's first-parent history
 * (each commit's metadata), newest first. It reports; the test judges.
 */
public final class BranchAudit {
    private BranchAudit() {
    }

    public static void main(String[] args) throws Exception {
        Path lakeDir = Path.of(args[0]);
        String repo = args[1];
        Map<String, Object> report = new LinkedHashMap<>();
        try (EmbeddedLake lake = EmbeddedLake.open(lakeDir)) {
            for (int i = 2; i < args.length; i++) {
                report.put(args[i], branch(lake, repo, args[i]));
            }
        }
        System.out.println(new ObjectMapper().writeValueAsString(report));
    }

    private static Map<String, Object> branch(EmbeddedLake lake, String repo, String branch) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Commit head = lake.getCommit(repo, branch);
        out.put("head", head.metadata());
        List<ObjectStats> objects = LakeFixture.all(p -> lake.listObjects(repo, branch, "topics/", p));
        out.put("files", objects.size());
        out.put("distinctFiles", new HashSet<>(objects.stream().map(ObjectStats::physicalAddress).toList()).size());
        List<String> files = LakeRows.files(lake, repo, branch, "topics/");
        out.put("partitions", files.isEmpty() ? List.of() : LakeRows.query(files, """
                SELECT _kafka_partition AS partition, count(*) AS rows,
                       count(DISTINCT _kafka_offset) AS "distinct",
                       min(_kafka_offset) AS lowest, max(_kafka_offset) AS highest
                FROM rows GROUP BY 1 ORDER BY 1"""));
        List<Map<String, String>> history = new ArrayList<>();
        for (Commit c : FirstParents.from(lake, repo, head)) {
            Map<String, String> entry = new LinkedHashMap<>(c.metadata());
            entry.put("id", c.id());
            history.add(entry);
        }
        out.put("history", history);
        return out;
    }
}
