package io.lakesink.demo;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Commit;
import io.lakesink.lake.FirstParents;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.VersionedLake;
import io.lakesink.publish.AuditLog;
import io.lakesink.publish.CheckReport;
import io.lakesink.publish.PublishMetadata;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints what happens in the lake as it happens: ingest commits with their offsets, check failures and
 * quarantines, publishes to main, rollbacks. Polls; one line per event.
 */
final class LakeWatcher implements Runnable {
    private final VersionedLake lake;
    private final String repo;
    private final PrintStream out;
    private final Map<String, String> lastSeen = new TreeMap<>();
    private volatile boolean running = true;
    private int ingestCommits;
    private int publishes;

    LakeWatcher(VersionedLake lake, String repo, PrintStream out) {
        this.lake = lake;
        this.repo = repo;
        this.out = out;
    }

    @Override
    public void run() {
        while (running) {
            poll();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() {
        running = false;
    }

    synchronized int ingestCommits() {
        return ingestCommits;
    }

    synchronized int publishes() {
        return publishes;
    }

    synchronized void poll() {
        try {
            newCommits("ingest").forEach(this::describeIngest);
            newCommits(AuditLog.BRANCH).forEach(this::describeAudit);
            newCommits("main").forEach(this::describeMain);
        } catch (LakeNotFoundException notYet) {
            // the connector has not created the repository yet
        } catch (LakeException e) {
            out.println("  (lake busy: " + e.getMessage() + ")");
        }
    }

    /**
     * Commits on the branch since the last poll, oldest first. A branch that did not exist at the last poll shows
     * everything it gained since it was created; a branch moved backwards shows only where it went.
     */
    private List<Commit> newCommits(String branch) {
        Commit head;
        try {
            head = lake.getCommit(repo, branch);
        } catch (LakeNotFoundException none) {
            lastSeen.put(branch, "");
            return List.of();
        }
        String seen = lastSeen.put(branch, head.id());
        List<Commit> fresh = new ArrayList<>();
        if (seen == null || seen.equals(head.id())) {
            return fresh;
        }
        boolean audit = branch.equals(AuditLog.BRANCH);
        Commit c = head;
        int walked = 0;
        for (Commit older : FirstParents.from(lake, repo, head)) {
            c = older;
            if (walked++ == 50 || c.id().equals(seen) || c.parents().isEmpty()
                    || (audit && !c.metadata().containsKey(AuditLog.KIND))) {
                break;
            }
            fresh.add(0, c);
        }
        if (!seen.isEmpty() && !c.id().equals(seen)) {
            out.printf("  %-8s %s  branch moved (not a new commit on top): %s%n", branch, head.id().substring(0, 10),
                    head.message().lines().findFirst().orElse(""));
            return List.of();
        }
        return fresh;
    }

    private void describeIngest(Commit c) {
        Map<String, String> m = c.metadata();
        String id = c.id().substring(0, 10);
        if (PublishMetadata.LEVEL_ROWS.equals(m.get(PublishMetadata.QUARANTINE_LEVEL))) {
            out.printf("  ingest   %s  took %s row(s) of %s out: kept aside on branch %s, the rest goes on%n", id,
                    m.get(PublishMetadata.QUARANTINE_ROWS), m.get(PublishMetadata.QUARANTINE_OF).substring(0, 10),
                    m.get(PublishMetadata.QUARANTINE_BRANCH));
        } else if (m.containsKey(PublishMetadata.QUARANTINE_OF)) {
            out.printf("  ingest   %s  reverted %s: kept aside on branch %s%n", id,
                    m.get(PublishMetadata.QUARANTINE_OF).substring(0, 10), m.get(PublishMetadata.QUARANTINE_BRANCH));
        } else if (m.containsKey(CommitMetadata.ROLLBACK_ID)) {
            out.printf("  ingest   %s  %s%n", id, c.message());
        } else {
            ingestCommits++;
            out.printf("  ingest   %s  +%s records  offsets %s%n", id, m.getOrDefault(CommitMetadata.RECORDS, "?"),
                    CommitMetadata.offsetsOf(c).compact());
        }
    }

    private void describeMain(Commit c) {
        Map<String, String> m = c.metadata();
        String id = c.id().substring(0, 10);
        if (m.containsKey(PublishMetadata.RELEASE_OF)) {
            out.printf("  main     %s  released the quarantined rows of %s (%s)%n", id,
                    m.get(PublishMetadata.RELEASE_OF).substring(0, 10), "true".equals(m.get(
                            PublishMetadata.RELEASE_FORCED)) ? "forced: " + m.get(PublishMetadata.DECISION_REASON)
                            : "checks passed again");
        } else if (m.containsKey(PublishMetadata.SOURCE) && "[]".equals(m.get(PublishMetadata.CHECKS))
                && lake.getCommit(repo, m.get(PublishMetadata.SOURCE)).metadata()
                .containsKey(PublishMetadata.QUARANTINE_OF)) {
            publishes++;
            out.printf("  main     %s  published %s: the checked commit without what went to quarantine  offsets %s%n",
                    id, m.get(PublishMetadata.SOURCE).substring(0, 10), CommitMetadata.offsetsOf(c).compact());
        } else if (m.containsKey(PublishMetadata.SOURCE)) {
            publishes++;
            out.printf("  main     %s  published %s after %s  offsets %s%n", id,
                    m.get(PublishMetadata.SOURCE).substring(0, 10), checks(m.get(PublishMetadata.CHECKS)),
                    CommitMetadata.offsetsOf(c).compact());
        } else {
            out.printf("  main     %s  %s%n", id, c.message());
        }
    }

    private void describeAudit(Commit c) {
        Map<String, String> m = c.metadata();
        if (PublishMetadata.CHECK_FAILED.equals(m.get(AuditLog.KIND))) {
            out.printf("  CHECK FAILED on ingest commit %s (offsets %s): %s -> %s%n",
                    m.get(PublishMetadata.FAILED_COMMIT).substring(0, 10),
                    OffsetMap.parse(m.get(CommitMetadata.KAFKA_OFFSETS)).compact(), failures(m.get(PublishMetadata.CHECKS)),
                    m.get(PublishMetadata.FAILURE_ACTION));
        } else {
            out.printf("  audit    %s%n", c.message());
        }
    }

    private static String checks(String json) {
        try {
            List<String> names = CheckReport.read(json).stream().map(CheckReport.Outcome::name).toList();
            return names.isEmpty() ? "no checks" : String.join(", ", names) + " passed";
        } catch (IllegalArgumentException unreadable) {
            return "checks";
        }
    }

    private static String failures(String json) {
        try {
            return CheckReport.read(json).stream().filter(o -> !o.passed()).map(o -> o.name() + ": " + o.message())
                    .collect(java.util.stream.Collectors.joining("; "));
        } catch (IllegalArgumentException unreadable) {
            return "checks failed";
        }
    }
}
