package io.lakesink.cli;

import io.lakesink.connect.config.CompactionKeys;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.lake.embedded.GarbageReport;
import io.lakesink.rollback.SinkBranches;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;

@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Embedded lake: delete object files that no branch head and no commit younger than the"
                + " retention period refers to (small files a compaction replaced, files of rolled-back commits).",
                "Commits older than that keep their history but may lose their files; a rollback to them is then"
                        + " refused. The lakeFS backend has its own garbage collection."})
final class GcCommand extends LakeCommand {
    @Option(names = "--dry-run", description = "Only list what would be deleted.")
    boolean dryRun;

    @Option(names = "--retention", converter = DurationConverter.class,
            description = "Keep what commits of this period refer to (default: the connector's "
                    + CompactionKeys.RETENTION_MS + ", 7 days unless set).")
    Duration retention;

    @Override
    void run(SinkBranches b) {
        if (!(b.lake() instanceof EmbeddedLake embedded)) {
            throw new IllegalArgumentException("gc is for the embedded lake; lakeFS collects garbage by its own"
                    + " rules (see lakeFS's garbage collection)");
        }
        Duration keep = retention != null ? retention : configuredRetention();
        GarbageReport report = embedded.collectGarbage(b.repository(), keep, dryRun);
        PrintWriter out = out();
        out.printf("%s %d object file(s), %,d bytes, that no branch head and none of the %d commit(s) of the last %s"
                        + " refers to (those commits refer to %d).%n", dryRun ? "Would delete" : "Deleted",
                report.unreferenced().size(), report.unreferencedBytes(), report.retainedCommits(), keep,
                report.referencedObjects());
        if (dryRun) {
            report.unreferenced().forEach(a -> out.println("  " + a));
            out.println("Dry run: nothing deleted.");
        }
    }

    private Duration configuredRetention() {
        try {
            return new LakeSinkConfig(conn.settings().config()).embeddedRetention().orElseThrow(() ->
                    new IllegalArgumentException(CompactionKeys.RETENTION_MS + "=-1: this lake keeps every object;"
                            + " pass --retention to collect anyway"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("without --retention, gc needs the connector's config (--config or"
                    + " --connector): " + e.getMessage());
        }
    }
}
