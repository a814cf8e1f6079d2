package io.lakesink.quarantine;

import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckRunner;
import io.lakesink.check.ConnectorTopics;
import io.lakesink.check.LakeCheckContext;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeBranchMovedException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.MergeStrategy;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.VersionedLake;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.publish.AuditLog;
import io.lakesink.publish.CheckReport;
import io.lakesink.publish.PublishMetadata;
import io.lakesink.sql.SqlLimits;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An operator's decisions on a quarantine entry: release its rows to main, or drop them. Each is recorded as an
 * empty commit on the entry's branch (so the entry says what became of it) and in the audit log.
 *
 * <p>A release puts the rows on main exactly once: it refuses an entry already released or dropped, and an entry
 * whose commit a rollback took off ingest (its records were read again, and their bad rows, if still bad, are in a
 * newer entry). Its files land on main at paths named after the entry ({@link PublishMetadata#releasedPath}), so a
 * release that runs twice at once, or again after a crash, finds them there and adds nothing.
 */
public final class QuarantineDecisions {
    private static final String PARQUET = "application/vnd.apache.parquet";

    private final VersionedLake lake;
    private final String repository;
    private final String main;
    private final String topicsDir;
    private final String connector;

    public QuarantineDecisions(VersionedLake lake, String repository, String main, String topicsDir,
                               String connector) {
        this.lake = lake;
        this.repository = repository;
        this.main = main;
        this.topicsDir = topicsDir;
        this.connector = connector;
    }

    /** What a release did. */
    public record Released(Commit onMain, int files, boolean alreadyOnMain, List<CheckResult> checks) {
    }

    /** The checks a release runs again, or none when the operator forces it. */
    public record Recheck(CheckRunner checks, Path scratch, SqlLimits limits, ConnectorTopics topics) {
    }

    /** Thrown when a decision is refused; nothing was changed. */
    public static final class RefusedException extends IllegalArgumentException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Puts the entry's rows on main: copied onto a branch from main's head, checked there again (unless
     * {@code recheck} is null: forced), and merged.
     *
     * @throws RefusedException when the entry may not be released, or the checks fail again
     */
    public Released release(QuarantineEntry entry, QuarantineEntries entries, Recheck recheck, String operator,
                            String reason) {
        requireWaiting(entry);
        if (recheck == null && (reason == null || reason.isBlank())) {
            throw new RefusedException("a forced release needs --reason: it puts rows on main that no check passed");
        }
        List<ObjectStats> files = entries.files(entry);
        Commit mainHead = lake.getCommit(repository, main);
        String branch = "lakesink-release-" + entry.branch().substring(PublishMetadata.QUARANTINE_BRANCH_PREFIX.length());
        deleteIfThere(branch);
        lake.createBranch(repository, branch, mainHead.id());
        try {
            int copied = 0;
            for (ObjectStats f : files) {
                String target = PublishMetadata.releasedPath(f.path(), entry.source());
                if (alreadyOnMain(mainHead, target, f)) {
                    continue;
                }
                try (InputStream in = lake.getObject(repository, entry.entryCommit().id(), f.path())) {
                    lake.putObject(repository, branch, target, in, PARQUET);
                }
                copied++;
            }
            if (copied == 0) {
                Commit done = decide(entry, PublishMetadata.STATE_RELEASED, operator, reason, recheck == null,
                        mainHead.id());
                audit(PublishMetadata.QUARANTINE_RELEASED, entry, operator, reason, recheck == null, mainHead.id(),
                        "(its files were on main already)");
                return new Released(mainHead, 0, true, List.of());
            }
            Commit staged = lake.commit(repository, branch, CommitRequest.of("Release " + entry.branch(),
                    Map.of(PublishMetadata.RELEASE_OF, entry.source())));
            List<CheckResult> results = List.of();
            if (recheck != null) {
                results = recheck.checks().run(new LakeCheckContext(lake, repository, mainHead.id(), staged,
                        mainHead.id(), topicsDir, recheck.scratch(), recheck.limits(), recheck.topics()));
                if (!CheckRunner.allPassed(results)) {
                    throw new RefusedException("the checks still fail on " + entry.branch() + ": "
                            + CheckReport.failures(results) + ". Fix the checks in the connector's config (and pass"
                            + " it with --config), or release with --force --reason");
                }
            }
            requireUndecided(entry);
            Commit merged = lake.merge(repository, staged.id(), main, new MergeRequest(message(entry, recheck,
                    reason), mergeMetadata(entry, results, recheck == null, operator, reason), MergeStrategy.FAIL,
                    false));
            decide(entry, PublishMetadata.STATE_RELEASED, operator, reason, recheck == null, merged.id());
            audit(PublishMetadata.QUARANTINE_RELEASED, entry, operator, reason, recheck == null, merged.id(), "");
            return new Released(merged, copied, false, results);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not copy the rows of " + entry.branch(), e);
        } finally {
            deleteIfThere(branch);
        }
    }

    /** Records that the entry's rows are not to be released. */
    public Commit drop(QuarantineEntry entry, String operator, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new RefusedException("drop needs --reason: the decision is kept in the audit log");
        }
        if (entry.state() == QuarantineEntry.State.RELEASED || entry.state() == QuarantineEntry.State.DROPPED) {
            throw new RefusedException(entry.branch() + " is already " + entry.state().word() + " ("
                    + entry.decision().message() + ")");
        }
        Commit decision = decide(entry, PublishMetadata.STATE_DROPPED, operator, reason, false, null);
        audit(PublishMetadata.QUARANTINE_DROPPED, entry, operator, reason, false, null, "");
        return decision;
    }

    private void requireWaiting(QuarantineEntry entry) {
        switch (entry.state()) {
            case RELEASED -> throw new RefusedException(entry.branch() + " was released already, as "
                    + entry.decisionGet(PublishMetadata.RELEASED_AS) + " on " + main + " by "
                    + entry.decisionGet(PublishMetadata.DECIDED_BY) + ": its rows are on main once");
            case DROPPED -> throw new RefusedException(entry.branch() + " was dropped by "
                    + entry.decisionGet(PublishMetadata.DECIDED_BY) + " ("
                    + entry.decisionGet(PublishMetadata.DECISION_REASON) + ")");
            case SUPERSEDED -> throw new RefusedException(entry.branch() + " holds rows of ingest commit "
                    + entry.source() + ", which a rollback took off the ingest branch: its records were read again"
                    + " and checked afresh, so releasing these rows could put them on main twice. Their newer"
                    + " quarantine entry, if any, is in 'lakesink quarantine list'; drop this one");
            case WAITING -> { }
        }
    }

    /** Refuses when someone decided on the entry since it was read (its branch moved). */
    private void requireUndecided(QuarantineEntry entry) {
        String expected = (entry.decision() != null ? entry.decision() : entry.entryCommit()).id();
        String now = lake.getCommit(repository, entry.branch()).id();
        if (!now.equals(expected)) {
            throw new RefusedException("someone decided on " + entry.branch() + " while this release ran (its branch"
                    + " moved to " + now + "); nothing was released. See 'lakesink quarantine show " + entry.branch()
                    + "'");
        }
    }

    private boolean alreadyOnMain(Commit mainHead, String path, ObjectStats f) {
        try {
            return Objects.equals(lake.statObject(repository, mainHead.id(), path).checksum(), f.checksum());
        } catch (LakeNotFoundException absent) {
            return false;
        }
    }

    /** The decision as an empty commit on the entry's branch; refused if someone decided in the meantime. */
    private Commit decide(QuarantineEntry entry, String state, String operator, String reason, boolean forced,
                          String releasedAs) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PublishMetadata.QUARANTINE_STATE, state);
        metadata.put(PublishMetadata.QUARANTINE_OF, entry.source());
        metadata.put(PublishMetadata.DECIDED_BY, operator == null ? "unknown" : operator);
        if (reason != null && !reason.isBlank()) {
            metadata.put(PublishMetadata.DECISION_REASON, reason);
        }
        if (forced) {
            metadata.put(PublishMetadata.RELEASE_FORCED, "true");
        }
        if (releasedAs != null) {
            metadata.put(PublishMetadata.RELEASED_AS, releasedAs);
        }
        String head = (entry.decision() != null ? entry.decision() : entry.entryCommit()).id();
        try {
            return lake.commit(repository, entry.branch(), new CommitRequest(
                    (PublishMetadata.STATE_RELEASED.equals(state) ? "Released" : "Dropped") + " by " + operator
                            + (reason == null || reason.isBlank() ? "" : ": " + reason), metadata, true)
                    .onlyOnTopOf(head));
        } catch (LakeBranchMovedException e) {
            throw new RefusedException("someone decided on " + entry.branch() + " at the same time (its branch moved"
                    + " to " + e.actualHead() + "); see 'lakesink quarantine show " + entry.branch() + "'");
        }
    }

    private void audit(String kind, QuarantineEntry entry, String operator, String reason, boolean forced,
                       String releasedAs, String note) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(PublishMetadata.QUARANTINE_OF, entry.source());
        facts.put(PublishMetadata.QUARANTINE_BRANCH, entry.branch());
        facts.put(PublishMetadata.QUARANTINE_ROWS, Long.toString(entry.rows()));
        facts.put(PublishMetadata.DECIDED_BY, operator);
        facts.put(PublishMetadata.DECISION_REASON, reason);
        facts.put(PublishMetadata.RELEASE_FORCED, forced ? "true" : null);
        facts.put(PublishMetadata.RELEASED_AS, releasedAs);
        facts.put(CommitMetadata.CONNECTOR, connector);
        String what = PublishMetadata.QUARANTINE_RELEASED.equals(kind) ? "Released" + (forced ? " (forced)" : "")
                : "Dropped";
        new AuditLog(lake, repository, main).append(kind, what + " quarantine " + entry.branch() + " (" + entry.rows()
                + " row(s) of " + entry.source() + ") by " + operator + (reason == null || reason.isBlank() ? ""
                : ": " + reason) + (note.isEmpty() ? "" : " " + note), facts);
    }

    private String message(QuarantineEntry entry, Recheck recheck, String reason) {
        return "Release " + entry.branch() + " to " + main + " (" + entry.rows() + " row(s) of "
                + entry.source().substring(0, 12) + (recheck == null ? ", forced: " + reason
                : ", checks passed again") + ")";
    }

    private Map<String, String> mergeMetadata(QuarantineEntry entry, List<CheckResult> results, boolean forced,
                                              String operator, String reason) {
        Commit mainHead = lake.getCommit(repository, main);
        Map<String, String> metadata = new LinkedHashMap<>();
        // main's offsets do not move: the rows are older than what main holds already
        metadata.put(CommitMetadata.KAFKA_OFFSETS,
                CommitMetadata.offsetsAt(lake, repository, mainHead.id()).toJson());
        if (connector != null) {
            metadata.put(CommitMetadata.CONNECTOR, connector);
        }
        String source = mainHead.metadata().get(PublishMetadata.SOURCE);
        if (source != null) {
            metadata.put(PublishMetadata.SOURCE, source); // main still holds what it did of ingest
        }
        metadata.put(PublishMetadata.RELEASE_OF, entry.source());
        metadata.put(PublishMetadata.CHECKS, forced ? "[]" : CheckReport.json(results));
        metadata.put(PublishMetadata.DECIDED_BY, operator == null ? "unknown" : operator);
        if (forced) {
            metadata.put(PublishMetadata.RELEASE_FORCED, "true");
            metadata.put(PublishMetadata.DECISION_REASON, reason);
        }
        return metadata;
    }

    private void deleteIfThere(String branch) {
        try {
            lake.deleteBranch(repository, branch);
        } catch (LakeNotFoundException absent) {
            // nothing left from an earlier attempt
        }
    }
}
