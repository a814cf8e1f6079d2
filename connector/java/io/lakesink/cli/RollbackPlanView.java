package io.lakesink.cli;

import io.lakesink.lake.Commit;
import io.lakesink.rollback.OffsetSpan;
import io.lakesink.rollback.RollbackPlan;
import io.lakesink.rollback.SinkBranches;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rollback plan as an operator reads it before saying yes, or as JSON. */
final class RollbackPlanView {
    private RollbackPlanView() {
    }

    static void print(PrintWriter out, SinkBranches b, RollbackPlan p, List<OffsetSpan> lost) {
        out.println("Rollback plan (" + p.mode().name().toLowerCase() + ")");
        out.println("  " + b.main() + ":   " + RollbackCommand.describe(p.mainFrom()));
        out.println("    -> " + RollbackCommand.describe(p.mainTo())
                + (p.mainFrom().id().equals(p.mainTo().id()) ? "  (unchanged)" : ""));
        out.println("  " + b.ingest() + ": " + RollbackCommand.describe(p.ingestFrom()));
        out.println("    -> " + RollbackCommand.describe(p.ingestTo())
                + (p.ingestFrom().id().equals(p.ingestTo().id()) ? "  (unchanged)" : ""));
        out.println("  leaves " + b.main() + ": " + p.undoneOnMain().size() + " publish commit(s), " + p.filesRemoved()
                + " file(s), " + p.bytesRemoved() + " bytes, " + OffsetSpan.total(p.removedFromMain())
                + " record offset(s)" + spans(p.removedFromMain()));
        out.println("  read again from Kafka: " + OffsetSpan.total(p.rereadOnIngest()) + " offset(s)"
                + spans(p.rereadOnIngest()));
        if (!p.skipped().isEmpty()) {
            out.println("  skipped for good: " + OffsetSpan.total(p.skipped()) + " offset(s)" + spans(p.skipped()));
        }
        out.println("  ingestion resumes from: " + p.resumeOffsets().compact());
        if (!lost.isEmpty()) {
            out.println("  NO LONGER IN KAFKA (retention): " + OffsetSpan.total(lost) + " offset(s)" + spans(lost));
        }
        if (p.alreadyDone()) {
            out.println("  Nothing to do: both branches already stand there.");
        }
        out.flush();
    }

    private static String spans(List<OffsetSpan> spans) {
        return spans.isEmpty() ? "" : ": " + String.join(", ", spans.stream().map(OffsetSpan::toString).toList());
    }

    static Map<String, Object> of(RollbackPlan p, List<OffsetSpan> lost, boolean performing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", p.mode().name().toLowerCase());
        m.put("dryRun", !performing);
        m.put("alreadyDone", p.alreadyDone());
        m.put("main", Map.of("from", p.mainFrom().id(), "to", p.mainTo().id()));
        m.put("ingest", Map.of("from", p.ingestFrom().id(), "to", p.ingestTo().id()));
        m.put("undoneOnMain", p.undoneOnMain().stream().map(Commit::id).toList());
        m.put("filesRemoved", p.filesRemoved());
        m.put("bytesRemoved", p.bytesRemoved());
        m.put("removedFromMain", spanList(p.removedFromMain()));
        m.put("rereadOnIngest", spanList(p.rereadOnIngest()));
        m.put("skipped", spanList(p.skipped()));
        m.put("resumeOffsets", Output.nested(p.resumeOffsets()));
        m.put("lostToRetention", spanList(lost));
        return m;
    }

    private static List<Map<String, Object>> spanList(List<OffsetSpan> spans) {
        return spans.stream().map(s -> Map.<String, Object>of("topic", s.partition().topic(), "partition",
                s.partition().partition(), "from", s.from(), "to", s.to())).toList();
    }
}
