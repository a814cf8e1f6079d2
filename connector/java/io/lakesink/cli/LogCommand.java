package io.lakesink.cli;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.FirstParents;
import io.lakesink.lake.Page;
import io.lakesink.lake.PageRequest;
import io.lakesink.publish.PublishMetadata;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Commits of a ref, newest first: time, message, kafka.offsets, records and check outcomes.")
final class LogCommand extends LakeCommand {

    @Parameters(index = "0", arity = "0..1", description = "Branch or commit (default: the main branch).")
    String ref;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "At most this many commits (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--all", description = "Every commit reachable, not only the ref's own (first-parent) history.")
    boolean all;

    @Option(names = "--json", description = "JSON output for scripts.")
    boolean json;

    @Override
    void run(SinkBranches b) {
        String r = ref == null ? b.main() : ref;
        List<Commit> commits = all ? reachable(b, r) : firstParent(b, r);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Commit c : commits) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", c.id());
            row.put("time", c.creationDate().toString());
            row.put("message", c.message());
            row.put("offsets", Output.nested(CommitMetadata.offsetsOf(c)));
            row.put("records", c.metadata().get(CommitMetadata.RECORDS));
            row.put("checks", CheckOutcomes.summary(c.metadata().get(PublishMetadata.CHECKS)));
            row.put("metadata", c.metadata());
            rows.add(row);
        }
        if (json) {
            Output.json(out(), rows);
            return;
        }
        List<List<String>> table = new ArrayList<>();
        for (Commit c : commits) {
            OffsetMap offsets = CommitMetadata.offsetsOf(c);
            String records = c.metadata().get(CommitMetadata.RECORDS);
            table.add(List.of(Output.shortId(c.id()), c.creationDate().toString(), firstLine(c.message()),
                    offsets.compact(), records == null ? "-" : records,
                    CheckOutcomes.summary(c.metadata().get(PublishMetadata.CHECKS))));
        }
        Output.table(out(), List.of("COMMIT", "TIME", "MESSAGE", "KAFKA.OFFSETS",
                "RECORDS", "CHECKS"), table);
    }

    private List<Commit> firstParent(SinkBranches b, String r) {
        List<Commit> out = new ArrayList<>();
        for (Commit c : FirstParents.from(b.lake(), b.repository(), b.lake().getCommit(b.repository(), r))) {
            if (out.size() >= limit) {
                break;
            }
            out.add(c);
        }
        return out;
    }

    private List<Commit> reachable(SinkBranches b, String r) {
        Page<Commit> page = b.lake().log(b.repository(), r, PageRequest.first(Math.min(limit, PageRequest.MAX_AMOUNT)));
        return page.items();
    }

    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }
}
