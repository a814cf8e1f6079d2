package io.lakesink.cli;

import io.lakesink.lake.Commit;
import io.lakesink.rollback.RollbackLog;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "mark-bad", mixinStandardHelpOptions = true,
        description = "Record in the lake that a commit (on main, or the ingest commit it published) holds bad data;"
                + " rollback --last-good then goes back to before it.")
final class MarkBadCommand extends LakeCommand {

    @Parameters(index = "0", paramLabel = "COMMIT", description = "The bad commit.")
    String commit;

    @Option(names = "--reason", required = true, description = "What is wrong with it.")
    String reason;

    @Option(names = "--operator", defaultValue = "${sys:user.name}", description = "Who (default: ${DEFAULT-VALUE}).")
    String operator;

    @Override
    void run(SinkBranches b) {
        Commit c = b.lake().getCommit(b.repository(), commit);
        new RollbackLog(b).markBad(c.id(), operator, reason);
        out().println("Marked " + c.id() + " bad: " + reason);
    }
}
