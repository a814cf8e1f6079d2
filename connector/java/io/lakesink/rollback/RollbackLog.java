package io.lakesink.rollback;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.lake.Commit;
import io.lakesink.publish.AuditLog;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rollbacks (who, why, from, to) and commits marked bad, as entries of the repository's {@link AuditLog}.
 */
public final class RollbackLog {
    public static final String BRANCH = AuditLog.BRANCH;
    public static final String KIND = AuditLog.KIND;
    public static final String STARTED = "rollback-started";
    public static final String COMPLETED = "rollback-completed";
    /** A rollback that stopped because main or ingest had moved away from where its plan saw them. */
    public static final String ABANDONED = "rollback-abandoned";
    public static final String BAD_COMMIT = "bad-commit";

    public static final String WHO = "lakesink.who";
    public static final String REASON = "lakesink.reason";
    public static final String MODE = "lakesink.rollback.mode";
    public static final String MAIN_FROM = "lakesink.rollback.main.from";
    public static final String MAIN_TO = "lakesink.rollback.main.to";
    public static final String INGEST_FROM = "lakesink.rollback.ingest.from";
    public static final String INGEST_TO = "lakesink.rollback.ingest.to";
    public static final String RESUME_OFFSETS = "lakesink.rollback.resume.offsets";
    public static final String SKIP = "lakesink.rollback.skip";
    public static final String UNDONE = "lakesink.rollback.undone";
    public static final String BAD = "lakesink.bad.commit";

    private final AuditLog audit;

    public RollbackLog(SinkBranches branches) {
        this.audit = new AuditLog(branches.lake(), branches.repository(), branches.main());
    }

    /** One rollback or bad-commit entry. */
    public record Entry(AuditLog.Entry entry) {
        public String kind() {
            return entry.kind();
        }

        public String get(String key) {
            return entry.get(key);
        }

        public String rollbackId() {
            return entry.get(CommitMetadata.ROLLBACK_ID);
        }
    }

    /** Rollback and bad-commit entries, newest first. */
    public List<Entry> entries() {
        return audit.entries().stream()
                .filter(e -> List.of(STARTED, COMPLETED, ABANDONED, BAD_COMMIT).contains(e.kind()))
                .map(Entry::new).toList();
    }

    /** The newest rollback that started and never completed, if any: a re-run finishes it. */
    public Optional<Entry> unfinished() {
        Set<String> completed = new HashSet<>();
        for (Entry e : entries()) {
            if (COMPLETED.equals(e.kind()) || ABANDONED.equals(e.kind())) {
                completed.add(e.rollbackId());
            } else if (STARTED.equals(e.kind())) {
                return completed.contains(e.rollbackId()) ? Optional.empty() : Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Commits marked bad by an operator, or undone by a rollback. */
    public Set<String> badCommits() {
        Set<String> bad = new HashSet<>();
        Set<String> abandoned = new HashSet<>();
        for (Entry e : entries()) {
            if (BAD_COMMIT.equals(e.kind())) {
                bad.add(e.get(BAD));
            } else if (ABANDONED.equals(e.kind())) {
                abandoned.add(e.rollbackId());
            } else if (STARTED.equals(e.kind()) && !abandoned.contains(e.rollbackId()) && e.get(UNDONE) != null
                    && !e.get(UNDONE).isEmpty()) {
                bad.addAll(List.of(e.get(UNDONE).split(",")));
            }
        }
        return bad;
    }

    /** Appends an entry whose kind is in {@code facts} under {@link #KIND}. */
    public Commit append(String message, Map<String, String> facts) {
        return audit.append(facts.get(KIND), message, facts);
    }

    public Entry latest() {
        return entries().get(0);
    }

    public Commit markBad(String commitId, String who, String reason) {
        return audit.append(BAD_COMMIT, "Mark " + commitId + " bad: " + reason, Map.of(BAD, commitId, WHO, who,
                REASON, reason));
    }
}
