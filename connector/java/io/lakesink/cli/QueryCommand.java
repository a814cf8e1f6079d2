package io.lakesink.cli;

import io.lakesink.rollback.SinkBranches;
import io.lakesink.sql.ReadOnlyQuery;
import io.lakesink.sql.SqlLimits;
import io.lakesink.sql.SqlSandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run SQL (DuckDB) over a ref's Parquet: each topic is a view named after it.",
                "Example: lakesink query main \"SELECT count(*) FROM orders\" --config sink.json"})
final class QueryCommand extends LakeCommand {

    @Parameters(index = "0", paramLabel = "REF", description = "Branch or commit.")
    String ref;

    @Parameters(index = "1", paramLabel = "SQL", description = "The query; topics are views (quote odd names: \"orders.v1\").")
    String sql;

    @Option(names = "--json", description = "JSON output (one object per row).")
    boolean json;

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "Memory DuckDB may hold before it spills (default: the connector's duckdb.memory.limit).")
    String memoryLimit;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads DuckDB may use (default: the connector's duckdb.threads).")
    Integer threads;

    @Override
    void run(SinkBranches b) {
        String problem = ReadOnlyQuery.problem(sql);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "SQL refused: " + problem);
        }
        SqlLimits limits = limits();
        try (ScratchDirectory scratch = new ScratchDirectory("lakesink-query")) {
            Map<String, List<Path>> topics = new RefFiles(b, ref, scratch.path()).byTopic(conn.topicsDir());
            try (SqlSandbox duck = SqlSandbox.open(limits, scratch.path(), topics)) {
                duck.query(sql, rs -> {
                    print(rs);
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalArgumentException("the query failed: " + SqlSandbox.describe(e)
                        + (topics.isEmpty() ? " (no topic has data on " + ref + ")" : " (views: "
                        + String.join(", ", topics.keySet()) + ")"));
            }
        }
    }

    private SqlLimits limits() {
        try {
            SqlLimits configured = conn.settings().sqlLimits();
            return new SqlLimits(memoryLimit != null ? memoryLimit : configured.memoryLimit(),
                    threads != null ? threads : configured.threads());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void print(ResultSet rs) throws SQLException {
        QueryResult result = QueryResult.read(rs);
        if (json) {
            Output.json(out(), result.objects());
        } else {
            Output.table(out(), result.headers(), result.texts());
            int rows = result.values().size();
            out().println("(" + rows + " row" + (rows == 1 ? ")" : "s)"));
        }
    }
}
