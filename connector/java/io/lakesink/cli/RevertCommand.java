package io.lakesink.cli;

import io.lakesink.lake.Commit;
import io.lakesink.lake.RevertRequest;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Map;

@Command(name = "revert", mixinStandardHelpOptions = true,
        description = "Add a commit on a branch that undoes what one commit changed (as lakectl branch revert).")
final class RevertCommand extends LakeCommand {

    @Parameters(index = "0", paramLabel = "COMMIT", description = "The commit to undo.")
    String commit;

    @Option(names = {"-b", "--branch"}, description = "Branch to add the revert to (default: the main branch).")
    String branch;

    @Option(names = "--parent", defaultValue = "0", description = "For a merge commit, the parent to compare with (1 for"
            + " a publish on main).")
    int parent;

    @Option(names = "--reason", description = "Recorded in the revert commit's message and metadata.")
    String reason;

    @Override
    void run(SinkBranches b) {
        String target = branch == null ? b.main() : branch;
        Commit bad = b.lake().getCommit(b.repository(), commit);
        int p = parent == 0 && bad.isMerge() ? 1 : parent;
        String message = "Revert " + bad.id() + (reason == null ? "" : ": " + reason);
        Commit c = b.lake().revert(b.repository(), target, new RevertRequest(bad.id(), p, message,
                reason == null ? Map.of() : Map.of("lakesink.reason", reason), false));
        out().println("Reverted " + bad.id() + " on " + target + " as " + c.id());
    }
}
