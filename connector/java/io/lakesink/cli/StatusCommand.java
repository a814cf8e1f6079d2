package io.lakesink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.publish.AuditLog;
import io.lakesink.publish.PublishMetadata;
import io.lakesink.quarantine.QuarantineEntries;
import io.lakesink.quarantine.QuarantineEntry;
import io.lakesink.rollback.OffsetSpan;
import io.lakesink.rollback.RollbackException;
import io.lakesink.rollback.RollbackLog;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "A connector at a glance: its state in Connect, the ingest and main heads with their offsets,"
                + " records ingested but not yet on main, and the last check failure.")
final class StatusCommand extends LakeCommand {

    @Option(names = "--json", description = "JSON output for scripts.")
    boolean json;

    @Override
    void run(SinkBranches b) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("connector", connectorState());
        Commit ingest = b.lake().getCommit(b.repository(), b.ingest());
        Commit main = b.lake().getCommit(b.repository(), b.main());
        OffsetMap onIngest = CommitMetadata.offsetsAt(b.lake(), b.repository(), ingest.id());
        OffsetMap onMain = CommitMetadata.offsetsAt(b.lake(), b.repository(), main.id());
        s.put("ingest", head(b.ingest(), ingest, onIngest));
        s.put("main", head(b.main(), main, onMain));
        List<OffsetSpan> waiting = OffsetSpan.between(onMain, onIngest);
        s.put("notYetOnMain", OffsetSpan.total(waiting));
        s.put("notYetOnMainByPartition", waiting.stream().map(OffsetSpan::toString).toList());
        s.put("lastCheckFailure", lastCheckFailure(b).orElse(null));
        s.put("quarantine", quarantine(b));
        s.put("unfinishedRollback", new RollbackLog(b).unfinished().map(RollbackLog.Entry::rollbackId).orElse(null));
        if (json) {
            Output.json(out(), s);
        } else {
            print(out(), s);
        }
    }

    private Map<String, Object> connectorState() {
        Map<String, Object> c = new LinkedHashMap<>();
        String name;
        try {
            name = conn.connectorName();
        } catch (IllegalArgumentException none) {
            c.put("state", "unknown (no connector named)");
            return c;
        }
        c.put("name", name);
        try {
            JsonNode status = conn.connect().status(name);
            c.put("state", status.path("connector").path("state").asText());
            StringBuilder tasks = new StringBuilder();
            for (JsonNode t : status.path("tasks")) {
                tasks.append(tasks.isEmpty() ? "" : ", ").append(t.path("id").asText()).append(' ')
                        .append(t.path("state").asText());
            }
            c.put("tasks", tasks.toString());
        } catch (RollbackException unreachable) {
            c.put("state", "unknown: " + unreachable.getMessage());
        }
        return c;
    }

    private static Map<String, Object> head(String branch, Commit c, OffsetMap offsets) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("branch", branch);
        h.put("commit", c.id());
        h.put("time", c.creationDate().toString());
        h.put("message", c.message());
        h.put("offsets", Output.nested(offsets));
        h.put("offsetsCompact", offsets.compact());
        return h;
    }

    /** What waits in quarantine for an operator's decision. */
    private Map<String, Object> quarantine(SinkBranches b) {
        List<QuarantineEntry> waiting = new QuarantineEntries(b.lake(), b.repository(), b.ingest(), b.main(),
                conn.topicsDir())
                .list().stream().filter(e -> e.state() == QuarantineEntry.State.WAITING).toList();
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("waitingEntries", waiting.size());
        q.put("waitingCommits", waiting.stream().map(QuarantineEntry::source).distinct().count());
        q.put("waitingRows", waiting.stream().mapToLong(e -> Math.max(0, e.rows())).sum());
        return q;
    }

    private static Optional<Map<String, Object>> lastCheckFailure(SinkBranches b) {
        return new AuditLog(b.lake(), b.repository(), b.main()).entries().stream()
                .filter(e -> PublishMetadata.CHECK_FAILED.equals(e.kind())).findFirst().map(e -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("commit", e.get(PublishMetadata.FAILED_COMMIT));
                    f.put("time", e.commit().creationDate().toString());
                    f.put("action", e.get(PublishMetadata.FAILURE_ACTION));
                    f.put("offsets", OffsetMap.parse(e.get(CommitMetadata.KAFKA_OFFSETS)).compact());
                    f.put("checks", CheckOutcomes.summary(e.get(PublishMetadata.CHECKS)));
                    return f;
                });
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, Map<String, Object> s) {
        Map<String, Object> c = (Map<String, Object>) s.get("connector");
        out.println("connector   " + c.getOrDefault("name", "-") + ": " + c.get("state")
                + (c.containsKey("tasks") ? " (tasks: " + c.get("tasks") + ")" : ""));
        for (String k : List.of("ingest", "main")) {
            Map<String, Object> h = (Map<String, Object>) s.get(k);
            out.printf("%-11s %s at %s  %s%n", h.get("branch"), Output.shortId((String) h.get("commit")), h.get("time"),
                    h.get("offsetsCompact"));
        }
        out.println("not on main " + s.get("notYetOnMain") + " record offset(s) ingested but not yet published"
                + (((List<?>) s.get("notYetOnMainByPartition")).isEmpty() ? "" : ": " + s.get("notYetOnMainByPartition")));
        Map<String, Object> f = (Map<String, Object>) s.get("lastCheckFailure");
        out.println("last check failure  " + (f == null ? "none on record" : Output.shortId((String) f.get("commit"))
                + " (offsets " + f.get("offsets") + ") at " + f.get("time") + ", publishing did " + f.get("action")
                + ": " + f.get("checks")));
        Map<String, Object> q = (Map<String, Object>) s.get("quarantine");
        out.println("quarantine  " + q.get("waitingRows") + " row(s) of " + q.get("waitingCommits") + " commit(s) waiting"
                + ((Integer) q.get("waitingEntries") == 0 ? "" : ": lakesink quarantine list"));
        if (s.get("unfinishedRollback") != null) {
            out.println("UNFINISHED rollback " + s.get("unfinishedRollback") + ": run 'lakesink rollback --yes' to finish it");
        }
        out.flush();
    }
}
