package io.lakesink.cli;

import io.lakesink.lake.Change;
import io.lakesink.lake.Pages;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;

@Command(name = "branch", mixinStandardHelpOptions = true, description = "Branch operations.",
        subcommands = BranchCommand.Reset.class)
final class BranchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Discard a branch's uncommitted changes (all, or under a prefix).")
    static final class Reset extends LakeCommand {

        @Parameters(index = "0", paramLabel = "BRANCH")
        String branch;

        @Option(names = "--prefix", defaultValue = "", description = "Only changes under this path prefix.")
        String prefix;

        @Override
        void run(SinkBranches b) {
            List<Change> staged = Pages.all(p -> b.lake().diffUncommitted(b.repository(), branch, prefix, p));
            b.lake().resetUncommitted(b.repository(), branch, prefix, true);
            out().println("Discarded " + staged.size() + " uncommitted change(s) on " + branch
                    + (prefix.isEmpty() ? "" : " under " + prefix));
        }
    }
}
