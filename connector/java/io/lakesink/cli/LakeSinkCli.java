package io.lakesink.cli;

import io.lakesink.connect.Version;
import io.lakesink.lake.LakeException;
import io.lakesink.rollback.RollbackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code lakesink}: the operator's command line. Exit codes: 0 done, 1 refused or failed (the message says why;
 * nothing was changed unless it says so), 2 wrong usage.
 */
@Command(name = "lakesink", mixinStandardHelpOptions = true, versionProvider = LakeSinkCli.VersionProvider.class,
        description = "Operate a LakeSink connector's lake: history, status, rollback by offset, queries.",
        subcommands = {LogCommand.class, StatusCommand.class, PublishCommand.class, RollbackCommand.class,
                CompactCommand.class, GcCommand.class,
                MarkBadCommand.class, QuarantineCommand.class,
                RevertCommand.class, BranchCommand.class, QueryCommand.class, LsCommand.class, CatCommand.class,
                ExportCommand.class, VerifyCommand.class, CommandLine.HelpCommand.class})
public final class LakeSinkCli implements Runnable {
    public static final int REFUSED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // the CLI speaks through its output; library chatter (Kafka's Admin client, DuckDB) only when it matters
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new LakeSinkCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof RollbackException || e instanceof LakeException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("lakesink: " + e.getMessage());
                cmd.getErr().flush();
                return REFUSED;
            }
            throw e;
        });
        return cli.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lakesink " + Version.current()};
        }
    }
}
