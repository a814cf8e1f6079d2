package io.lakesink.cli;

import io.lakesink.check.CheckRunner;
import io.lakesink.check.ConnectorTopics;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.Commit;
import io.lakesink.metrics.LakeSinkMetrics;
import io.lakesink.publish.CheckReport;
import io.lakesink.publish.FailurePolicy;
import io.lakesink.publish.Halt;
import io.lakesink.publish.PublishSettings;
import io.lakesink.publish.Publisher;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.locks.ReentrantLock;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish by hand: run the connector's checks on the ingest commits main does not hold yet and"
                + " merge the newest one that passes, as the connector does after each commit.",
                "For connectors with publish.enabled=false (publishing on your schedule). It never changes ingest:"
                        + " at a failed check it stops and says which commit and check (exit 1), whatever"
                        + " checks.on.failure says; revert the commit or roll back, then publish again."})
final class PublishCommand extends LakeCommand {
    @Override
    void run(SinkBranches b) {
        PrintWriter out = out();
        LakeSinkConfig config = conn.wholeConfig("publish");
        if (config.publishEnabled()) {
            err().println("lakesink: note: publish.enabled=true, so the connector publishes by itself too; a commit"
                    + " merged by both is merged once");
        }
        Commit before = b.lake().getCommit(b.repository(), b.main());
        try (ScratchDirectory scratch = new ScratchDirectory("lakesink-publish")) {
            // HALT whatever the config says: quarantining rewrites ingest, which only the connector may do while
            // it commits there
            PublishSettings settings = new PublishSettings(b.repository(), b.ingest(), b.main(), config.topicsDir(),
                    conn.settings().connectorName(), FailurePolicy.HALT, config.mergeRequireTopics(), scratch.path(),
                    config.mergeRequireWatermarkLagMs(), config.sqlLimits(),
                    ConnectorTopics.of(conn.settings().config()), config.parquetSettings());
            Publisher publisher = new Publisher(b.lake(), settings, new CheckRunner(config.checks()),
                    new ReentrantLock(), LakeSinkMetrics.unregistered());
            publisher.publishPending();
            Commit after = b.lake().getCommit(b.repository(), b.main());
            if (after.id().equals(before.id())) {
                out.println("Nothing published: " + b.main() + " stays at " + before.id() + ".");
            } else {
                out.println("Published: " + b.main() + " moved from " + before.id() + " to " + after.id() + " (offsets "
                        + CommitMetadata.offsetsOf(after).compact() + ").");
            }
            Halt halt = publisher.halt();
            if (halt != null) {
                throw new IllegalArgumentException("checks failed on ingest commit " + halt.commitId() + ": "
                        + CheckReport.failures(halt.results()) + ". Revert it on " + b.ingest() + " or roll back, then"
                        + " publish again");
            }
        }
    }
}
