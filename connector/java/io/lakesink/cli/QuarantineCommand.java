package io.lakesink.cli;

import io.lakesink.check.CheckRunner;
import io.lakesink.check.ConnectorTopics;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.LocalCopies;
import io.lakesink.lake.ObjectStats;
import io.lakesink.publish.PublishMetadata;
import io.lakesink.quarantine.QuarantineDecisions;
import io.lakesink.quarantine.QuarantineEntries;
import io.lakesink.quarantine.QuarantineEntry;
import io.lakesink.rollback.SinkBranches;
import io.lakesink.sql.SqlSandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = {"Work with what publishing set aside: the rows (or whole commits) that failed checks under"
                + " checks.on.failure=quarantine.",
                "list: every entry and its state; show ENTRY: why, which offsets, and its rows; release ENTRY: run the"
                        + " checks again and put the rows on main once (or --force --reason); drop ENTRY --reason:"
                        + " record that they stay out. ENTRY is a quarantine branch or the quarantined commit's id."},
        subcommands = {QuarantineCommand.ListEntries.class, QuarantineCommand.Show.class,
                QuarantineCommand.Release.class, QuarantineCommand.Drop.class})
final class QuarantineCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "name what to do: list, show, release or drop");
    }

    static QuarantineEntries entries(SinkBranches b, ConnectionOptions conn) {
        return new QuarantineEntries(b.lake(), b.repository(), b.ingest(), b.main(), conn.topicsDir());
    }

    static String rows(QuarantineEntry e) {
        return e.rows() < 0 ? "?" : Long.toString(e.rows());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every quarantine entry, oldest first: its state, rows, the commit they came from, why.")
    static final class ListEntries extends LakeCommand {
        @Option(names = "--json", description = "JSON output for scripts.")
        boolean json;

        @Override
        void run(SinkBranches b) {
            List<QuarantineEntry> all = entries(b, conn).list();
            if (json) {
                Output.json(out(), all.stream().map(QuarantineCommand::summary).toList());
                return;
            }
            if (all.isEmpty()) {
                out().println("Nothing in quarantine.");
                return;
            }
            List<List<String>> table = new ArrayList<>();
            for (QuarantineEntry e : all) {
                table.add(List.of(e.branch(), e.state().word(), e.level(), rows(e),
                        e.quarantinedAt().toString(), shortened(CheckOutcomes.summary(e.checksJson()))));
            }
            Output.table(out(), List.of("ENTRY", "STATE", "LEVEL", "ROWS", "QUARANTINED", "CHECKS"), table);
            long waiting = all.stream().filter(e -> e.state() == QuarantineEntry.State.WAITING).count();
            long rows = all.stream().filter(e -> e.state() == QuarantineEntry.State.WAITING)
                    .mapToLong(e -> Math.max(0, e.rows())).sum();
            out().println(waiting + " entr" + (waiting == 1 ? "y" : "ies") + " waiting, " + rows + " row(s).");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One entry: why it is there, the offsets it holds, what became of it, and its first rows.")
    static final class Show extends LakeCommand {
        @Parameters(index = "0", paramLabel = "ENTRY", description = "Quarantine branch or quarantined commit id.")
        String entry;

        @Option(names = "--rows", paramLabel = "N", defaultValue = "20", description = "Rows to print (default 20).")
        int rows;

        @Override
        void run(SinkBranches b) {
            QuarantineEntries entries = entries(b, conn);
            QuarantineEntry e = entries.get(entry);
            PrintWriter out = out();
            out.println("entry        " + e.branch() + " (" + e.state().word() + ")");
            out.println("from commit  " + e.source() + " on " + b.ingest());
            out.println("level        " + (PublishMetadata.LEVEL_ROWS.equals(e.level())
                    ? "rows: only the rows the checks named" : "commit: the whole commit"));
            out.println("rows         " + rows(e));
            out.println("quarantined  " + e.quarantinedAt());
            if (!e.offsets().isBlank()) {
                out.println("offsets      " + e.offsets());
            }
            out.println("checks       " + CheckOutcomes.summary(e.checksJson()));
            if (e.decision() != null) {
                out.println("decision     " + e.decision().message() + " at " + e.decision().creationDate()
                        + (e.decisionGet(PublishMetadata.RELEASED_AS) == null ? ""
                        : " (on " + b.main() + " as " + e.decisionGet(PublishMetadata.RELEASED_AS) + ")"));
            }
            List<ObjectStats> files = entries.files(e);
            out.println("files        " + files.size());
            files.forEach(f -> out.println("  " + f.path() + " (" + f.sizeBytes() + " bytes)"));
            if (rows > 0 && !files.isEmpty()) {
                printRows(b, e, files);
            }
            out.flush();
        }

        private void printRows(SinkBranches b, QuarantineEntry e, List<ObjectStats> files) {
            try (ScratchDirectory scratch = new ScratchDirectory("lakesink-quarantine")) {
                List<Path> local = new ArrayList<>();
                for (ObjectStats f : files) {
                    local.add(LocalCopies.of(b.lake(), b.repository(), e.entryCommit().id(), f, scratch.path()));
                }
                try (SqlSandbox duck = SqlSandbox.open(conn.settings().sqlLimits(), scratch.path(),
                        Map.of("quarantined", local))) {
                    QueryResult first = duck.query("SELECT * FROM quarantined ORDER BY _kafka_topic,"
                            + " _kafka_partition, _kafka_offset LIMIT " + rows, QueryResult::read);
                    out().println("first rows");
                    Output.table(out(), first.headers(), first.texts());
                } catch (SQLException ex) {
                    out().println("rows         cannot be shown: " + SqlSandbox.describe(ex));
                }
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"Put an entry's rows on main, exactly once: the connector's checks run on them again"
                    + " (pass the connector's config, fixed, with --config), or --force --reason skips them.",
                    "Refused for an entry already released or dropped, and for one whose commit a rollback took off"
                            + " ingest (its records were read again)."})
    static final class Release extends LakeCommand {
        @Parameters(index = "0", paramLabel = "ENTRY", description = "Quarantine branch or quarantined commit id.")
        String entry;

        @Option(names = "--force", description = "Do not run the checks again (needs --reason).")
        boolean force;

        @Option(names = "--reason", description = "Why the rows may go to main (required with --force).")
        String reason;

        @Option(names = "--operator", defaultValue = "${sys:user.name}", description = "Who (default: ${DEFAULT-VALUE}).")
        String operator;

        @Override
        void run(SinkBranches b) {
            QuarantineEntries entries = entries(b, conn);
            QuarantineEntry e = entries.get(entry);
            QuarantineDecisions decisions = new QuarantineDecisions(b.lake(), b.repository(), b.main(),
                    conn.topicsDir(), conn.settings().connectorName());
            try (ScratchDirectory scratch = new ScratchDirectory("lakesink-release")) {
                QuarantineDecisions.Recheck recheck = null;
                if (!force) {
                    LakeSinkConfig config = conn.wholeConfig("release (without --force, to run the checks again)");
                    recheck = new QuarantineDecisions.Recheck(new CheckRunner(config.checks()), scratch.path(),
                            config.sqlLimits(), ConnectorTopics.of(conn.settings().config()));
                }
                QuarantineDecisions.Released r = decisions.release(e, entries, recheck, operator, reason);
                if (r.alreadyOnMain()) {
                    out().println("The rows of " + e.branch() + " were on " + b.main() + " already (" + r.onMain().id()
                            + "); recorded it as released.");
                } else {
                    out().println("Released " + rows(e) + " row(s) of " + e.branch() + " to " + b.main() + " as "
                            + r.onMain().id() + (force ? " (forced: " + reason + ")"
                            : " (" + r.checks().size() + " check(s) passed again)") + ".");
                }
            }
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = "Record that an entry's rows stay out of main (the entry stays, for the record).")
    static final class Drop extends LakeCommand {
        @Parameters(index = "0", paramLabel = "ENTRY", description = "Quarantine branch or quarantined commit id.")
        String entry;

        @Option(names = "--reason", required = true, description = "Why the rows stay out.")
        String reason;

        @Option(names = "--operator", defaultValue = "${sys:user.name}", description = "Who (default: ${DEFAULT-VALUE}).")
        String operator;

        @Override
        void run(SinkBranches b) {
            QuarantineEntry e = entries(b, conn).get(entry);
            new QuarantineDecisions(b.lake(), b.repository(), b.main(), conn.topicsDir(),
                    conn.settings().connectorName()).drop(e, operator, reason);
            out().println("Dropped " + e.branch() + " (" + rows(e) + " row(s) of " + e.source() + "): " + reason);
        }
    }

    /** A table cell keeps to one screen line; {@code show} prints the whole. */
    static String shortened(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    static Map<String, Object> summary(QuarantineEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entry", e.branch());
        m.put("state", e.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("level", e.level());
        m.put("rows", e.rows());
        m.put("commit", e.source());
        m.put("quarantinedAt", e.quarantinedAt().toString());
        m.put("offsets", e.offsets());
        m.put("checks", CheckOutcomes.summary(e.checksJson()));
        return m;
    }
}
