package io.lakesink.cli;

import io.lakesink.compact.CompactionPlan;
import io.lakesink.compact.CompactionPlanner;
import io.lakesink.compact.CompactionPolicy;
import io.lakesink.compact.Compactor;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.ObjectStats;
import io.lakesink.rollback.ConnectRest;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Rewrite small files on main into files of file.size.target.bytes, by a commit on the ingest"
                + " branch that changes no row and no offset; the connector's publisher (or lakesink publish) merges"
                + " it to main with nothing to check.",
                "Only one writer may commit to the ingest branch: the command stops the connector through the"
                        + " Connect REST API and resumes it afterwards (--connector-stopped: it is not running)."
                        + " It compacts only when ingest holds nothing unpublished. With --dry-run it only prints"
                        + " the plan."})
final class CompactCommand extends LakeCommand {
    @Option(names = "--dry-run", description = "Print what would be rewritten; change nothing.")
    boolean dryRun;

    @Option(names = "--min-small-files", paramLabel = "N", defaultValue = "1",
            description = "Compact a directory only when it holds more than N small files (default: ${DEFAULT-VALUE};"
                    + " the connector's automatic compaction uses compaction.min.small.files).")
    int minSmallFiles;

    @Option(names = "--connector-stopped", description = "The connector is not running and nothing else commits to"
            + " ingest: do not go through Connect.")
    boolean connectorStopped;

    @Option(names = "--stop-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for the connector to stop (default: ${DEFAULT-VALUE}).")
    Duration stopTimeout;

    @Override
    void run(SinkBranches b) {
        PrintWriter out = out();
        LakeSinkConfig config = conn.wholeConfig("compact");
        CompactionPolicy policy = new CompactionPolicy(config.fileSizeTargetBytes(), minSmallFiles);
        CompactionPlanner planner = new CompactionPlanner(b.lake(), b.repository(), b.main(), config.topicsDir());
        CompactionPlan plan = planner.plan(policy);
        print(out, plan, policy);
        if (plan.isEmpty() || dryRun) {
            if (dryRun) {
                out.println("Dry run: nothing changed.");
            }
            return;
        }
        String connector = conn.connectorName();
        ConnectRest connect = connectorStopped ? null : conn.connect();
        boolean resume = connect != null && new ConnectorStop(connect, connector, stopTimeout, err()).stop();
        try (ScratchDirectory scratch = new ScratchDirectory("lakesink-compact")) {
            // plan again: the connector may have published since the plan above was made
            plan = planner.plan(policy);
            Compactor compactor = new Compactor(b.lake(), b.repository(), b.ingest(), b.main(), connector,
                    config.parquetSettings(), scratch.path(), new ReentrantLock());
            Compactor.Outcome outcome = compactor.commit(compactor.prepare(plan));
            if (outcome.commit().isEmpty()) {
                throw new IllegalArgumentException("nothing compacted: " + outcome.reason());
            }
            out.println("Compacted: " + outcome.reason() + " in commit " + outcome.commit().get().id() + " on "
                    + b.ingest() + "; " + (config.publishEnabled() ? "the connector publishes it to " + b.main()
                    + " when it runs" : "run lakesink publish to merge it to " + b.main()) + ".");
        } finally {
            if (resume) {
                connect.resume(connector);
                err().println("  connector " + connector + " resumed");
            }
        }
    }

    private static void print(PrintWriter out, CompactionPlan plan, CompactionPolicy policy) {
        if (plan.isEmpty()) {
            out.println("Nothing to compact on main at " + plan.mainCommit() + ": no directory holds more than "
                    + policy.minSmallFiles() + " file(s) below " + policy.targetBytes() / 2 + " bytes.");
            return;
        }
        out.println("Compaction plan for main at " + plan.mainCommit() + " (target " + policy.targetBytes()
                + " bytes):");
        for (CompactionPlan.Group g : plan.groups()) {
            out.printf("  %s: %d files, %,d bytes -> 1 file (%s ... %s)%n", g.directory(), g.inputs().size(),
                    g.bytes(), name(g.inputs().get(0)), name(g.inputs().get(g.inputs().size() - 1)));
        }
        out.printf("  %d files, %,d bytes -> %d files%n", plan.inputFiles(), plan.inputBytes(), plan.groups().size());
    }

    private static String name(ObjectStats o) {
        return o.path().substring(o.path().lastIndexOf('/') + 1);
    }
}
