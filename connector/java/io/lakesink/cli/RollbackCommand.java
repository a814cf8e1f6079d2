package io.lakesink.cli;

import io.lakesink.lake.Commit;
import io.lakesink.rollback.ConnectRest;
import io.lakesink.rollback.OffsetSpan;
import io.lakesink.rollback.PartitionOffset;
import io.lakesink.rollback.RetentionCheck;
import io.lakesink.rollback.RollbackException;
import io.lakesink.rollback.RollbackExecutor;
import io.lakesink.rollback.RollbackLease;
import io.lakesink.rollback.RollbackLog;
import io.lakesink.rollback.RollbackMode;
import io.lakesink.rollback.RollbackPlan;
import io.lakesink.rollback.RollbackPlanner;
import io.lakesink.rollback.RollbackTarget;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Return main (and ingest) to an earlier commit and resume ingestion from its offsets.",
                "Without --yes it only prints the plan. With --yes it stops the connector through the Connect REST"
                        + " API, moves the branches (one atomic step for readers of main), records the rollback in"
                        + " the lake (branch " + RollbackLog.BRANCH + ") and resumes the connector.",
                "One rollback at a time: a rollback holds a lease in the lake (branch " + RollbackLease.BRANCH + ")"
                        + " and moves main and ingest only from the heads its plan saw.",
                "A rollback cut off half-way is finished by running rollback again (without a target)."})
final class RollbackCommand extends LakeCommand {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    static final class Target {
        @Option(names = "--to-offset", paramLabel = "TOPIC:PARTITION:OFFSET", converter = PartitionOffsetConverter.class,
                description = "Back to the newest main commit holding nothing at or after this offset.")
        PartitionOffset toOffset;

        @Option(names = "--to-commit", paramLabel = "COMMIT", description = "Back to this commit of main's history.")
        String toCommit;

        @Option(names = "--last-good", description = "Back to the newest main commit older than every commit marked"
                + " bad (lakesink mark-bad) or with a failed check.")
        boolean lastGood;
    }

    @Option(names = "--skip-to-offset", paramLabel = "TOPIC:PARTITION:OFFSET", converter = PartitionOffsetConverter.class,
            description = "Resume this partition here instead of re-reading the bad range (a poison stretch).")
    PartitionOffset skipTo;

    @Option(names = "--mode", defaultValue = "reset", converter = ModeConverter.class,
            description = "reset: move the branches back; revert: keep main's history, adding a revert (default: ${DEFAULT-VALUE}).")
    RollbackMode mode;

    @Option(names = "--yes", description = "Perform the rollback (without it: a dry run that prints the plan).")
    boolean yes;

    @Option(names = "--reason", description = "Why, recorded in the lake with the rollback (required with --yes).")
    String reason;

    @Option(names = "--operator", defaultValue = "${sys:user.name}", description = "Who, recorded with the rollback (default: ${DEFAULT-VALUE}).")
    String operator;

    @Option(names = "--accept-data-loss", description = "Go ahead although Kafka no longer holds some offsets to re-read.")
    boolean acceptDataLoss;

    @Option(names = "--stop-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for the connector to stop (default: ${DEFAULT-VALUE}).")
    Duration stopTimeout;

    @Option(names = "--json", description = "JSON output for scripts.")
    boolean json;

    @Option(names = "--break-lease", paramLabel = "ROLLBACK_ID", description = "Remove the rollback lease that rollback"
            + " ROLLBACK_ID left when it was cut off before recording its start; only once it surely no longer runs.")
    String breakLease;

    @Override
    void run(SinkBranches b) {
        PrintWriter out = out();
        if (yes && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("--yes needs --reason \"...\": the lake records why main was rolled back");
        }
        if (breakLease != null) {
            breakLease(b, out);
            return;
        }
        RollbackLog log = new RollbackLog(b);
        Optional<RollbackLog.Entry> unfinished = log.unfinished();
        if (unfinished.isPresent()) {
            if (target != null) {
                RollbackLog.Entry u = unfinished.get();
                throw new RollbackException("rollback " + u.rollbackId() + " (to " + u.get(RollbackLog.MAIN_TO) + ", by "
                        + u.get(RollbackLog.WHO) + " at " + u.entry().commit().creationDate() + ": "
                        + u.get(RollbackLog.REASON) + ") is unfinished; one rollback at a time. Once it no longer"
                        + " runs, finish it with 'lakesink rollback --yes --reason ...' (no target), then roll back"
                        + " again; nothing changed");
            }
            finishUnfinished(b, unfinished.get(), out);
            return;
        }
        if (target == null) {
            throw new IllegalArgumentException("say where to: --to-offset, --to-commit or --last-good");
        }
        RollbackPlan plan = new RollbackPlanner(b).plan(target(), mode, Optional.ofNullable(skipTo));
        List<OffsetSpan> lost = lostToRetention(plan);
        if (json) {
            Output.json(out, RollbackPlanView.of(plan, lost, yes));
        } else {
            RollbackPlanView.print(out, b, plan, lost);
        }
        if (plan.alreadyDone()) {
            resumeIfStopped(out);
            return;
        }
        if (!lost.isEmpty() && !acceptDataLoss) {
            throw new RollbackException("Kafka no longer holds " + OffsetSpan.total(lost) + " offset(s) ingestion"
                    + " would re-read: " + lost.stream().map(OffsetSpan::toString).collect(Collectors.joining(", "))
                    + ". Pass --accept-data-loss to roll back anyway and lose them; nothing changed");
        }
        if (!yes) {
            out.println("Dry run: nothing changed. Run again with --yes --reason \"...\" to roll back.");
            return;
        }
        String connector = conn.connectorName();
        RollbackExecutor.Executed done = executor(b, connector).execute(
                () -> new RollbackPlanner(b).plan(target(), mode, Optional.ofNullable(skipTo)), operator, reason);
        if (!done.plan().mainFrom().id().equals(plan.mainFrom().id())
                || !done.plan().ingestFrom().id().equals(plan.ingestFrom().id())) {
            out.println("Note: the connector committed while the plan was shown; the rollback followed the plan made"
                    + " once it had stopped (" + b.main() + " from " + done.plan().mainFrom().id() + " to "
                    + done.plan().mainTo().id() + ").");
        }
        if (!json) {
            out.println("Rolled back: " + b.main() + " is at " + done.plan().mainTo().id() + " (rollback " + done.id()
                    + "), connector " + connector + " resumed.");
        }
    }

    private void finishUnfinished(SinkBranches b, RollbackLog.Entry started, PrintWriter out) {
        out.println("Rollback " + started.rollbackId() + " (to " + started.get(RollbackLog.MAIN_TO) + ", by "
                + started.get(RollbackLog.WHO) + ": " + started.get(RollbackLog.REASON) + ") did not finish.");
        if (!yes) {
            out.println("Dry run: run again with --yes to finish it first; nothing changed.");
            return;
        }
        executor(b, started.get(io.lakesink.offsets.CommitMetadata.CONNECTOR)).finish(started, operator);
        out.println("Finished rollback " + started.rollbackId() + "; run rollback again for any new target.");
    }

    private void breakLease(SinkBranches b, PrintWriter out) {
        RollbackLease lease = new RollbackLease(b);
        Optional<io.lakesink.lake.Claim.Holder> holder = lease.holder();
        String held = holder.map(h -> h.get(io.lakesink.offsets.CommitMetadata.ROLLBACK_ID)).orElse(null);
        if (!breakLease.equals(held)) {
            throw new RollbackException("rollback " + breakLease + " does not hold the rollback lease ("
                    + (held == null ? "nobody does" : "rollback " + held + " does") + "); nothing changed");
        }
        lease.release(breakLease);
        out.println("Removed the rollback lease of rollback " + breakLease + " (held by "
                + holder.get().get(RollbackLog.WHO) + " since " + holder.get().since() + ").");
    }

    private void resumeIfStopped(PrintWriter out) {
        if (!yes) {
            return;
        }
        String connector = conn.connectorName();
        ConnectRest connect = conn.connect();
        if ("STOPPED".equals(connect.state(connector))) {
            connect.resume(connector);
            out.println("Connector " + connector + " was stopped; resumed it.");
        }
    }

    private List<OffsetSpan> lostToRetention(RollbackPlan plan) {
        Map<org.apache.kafka.common.TopicPartition, Long> resume = new LinkedHashMap<>(plan.resumeOffsets().asMap());
        plan.rereadOnIngest().forEach(s -> resume.putIfAbsent(s.partition(), s.from()));
        try {
            return new RetentionCheck(conn.bootstrapServers(), Map.of()).lostRanges(resume);
        } catch (RollbackException unknown) {
            if (yes && !acceptDataLoss) {
                throw unknown;
            }
            err().println("lakesink: warning: " + unknown.getMessage());
            return List.of();
        }
    }

    private RollbackExecutor executor(SinkBranches b, String connector) {
        PrintWriter err = err();
        return new RollbackExecutor(b, conn.connect(), connector, stopTimeout, line -> {
            err.println("  " + line);
            err.flush();
        });
    }

    private RollbackTarget target() {
        if (target.toOffset != null) {
            return new RollbackTarget.ToOffset(target.toOffset);
        }
        if (target.toCommit != null) {
            return new RollbackTarget.ToCommit(target.toCommit);
        }
        return new RollbackTarget.LastGood();
    }

    static final class PartitionOffsetConverter implements picocli.CommandLine.ITypeConverter<PartitionOffset> {
        @Override
        public PartitionOffset convert(String value) {
            try {
                return PartitionOffset.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ModeConverter implements picocli.CommandLine.ITypeConverter<RollbackMode> {
        @Override
        public RollbackMode convert(String value) {
            return switch (value.toLowerCase()) {
                case "reset" -> RollbackMode.RESET;
                case "revert" -> RollbackMode.REVERT;
                default -> throw new picocli.CommandLine.TypeConversionException("--mode is reset or revert, not '"
                        + value + "'");
            };
        }
    }

    static String describe(Commit c) {
        return Output.shortId(c.id()) + " (" + c.creationDate() + ", " + c.message().lines().findFirst().orElse("") + ")";
    }
}
