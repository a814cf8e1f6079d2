package io.lakesink.rollback;

import io.lakesink.lake.Branch;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeNotFoundException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lake's record of what operators did: rollbacks (who, why, from, to) and commits marked bad. Each entry is an
 * empty commit on the branch {@value #BRANCH}, its facts in the commit metadata, so the record is versioned
 * with the data and readable with any lakeFS tool ({@code lakectl log --show-meta-range-id ...}).
 */
public final class RollbackLog {
    public static final String BRANCH = "lakesink-rollbacks";
    public static final String KIND = "lakesink.record";
    public static final String STARTED = "rollback-started";
    public static final String COMPLETED = "rollback-completed";
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

    private final SinkBranches branches;

    public RollbackLog(SinkBranches branches) {
        this.branches = branches;
    }

    /** One entry: its commit and its facts. */
    public record Entry(Commit commit) {
        public String kind() {
            return commit.metadata().getOrDefault(KIND, "");
        }

        public String get(String key) {
            return commit.metadata().get(key);
        }

        public String rollbackId() {
            return commit.metadata().get(io.lakesink.commit.CommitMetadata.ROLLBACK_ID);
        }
    }

    /** Every entry, newest first. */
    public List<Entry> entries() {
        Commit head;
        try {
            head = branches.lake().getCommit(branches.repository(), BRANCH);
        } catch (LakeNotFoundException none) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (Commit c : FirstParentChain.walk(branches.lake(), branches.repository(), head,
                c -> !c.metadata().containsKey(KIND))) {
            if (c.metadata().containsKey(KIND)) {
                out.add(new Entry(c));
            }
        }
        return out;
    }

    /** The newest rollback that started and never completed, if any: a re-run finishes it. */
    public Optional<Entry> unfinished() {
        Set<String> completed = new HashSet<>();
        for (Entry e : entries()) {
            if (COMPLETED.equals(e.kind())) {
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
        for (Entry e : entries()) {
            if (BAD_COMMIT.equals(e.kind())) {
                bad.add(e.get(BAD));
            } else if (STARTED.equals(e.kind()) && e.get(UNDONE) != null && !e.get(UNDONE).isEmpty()) {
                bad.addAll(List.of(e.get(UNDONE).split(",")));
            }
        }
        return bad;
    }

    public Commit append(String message, Map<String, String> facts) {
        ensureBranch();
        Map<String, String> metadata = new LinkedHashMap<>();
        facts.forEach((k, v) -> {
            if (v != null) {
                metadata.put(k, v);
            }
        });
        return branches.lake().commit(branches.repository(), BRANCH,
                CommitRequest.of(message, metadata).allowingEmpty());
    }

    public Commit markBad(String commitId, String who, String reason) {
        return append("Mark " + commitId + " bad: " + reason, Map.of(KIND, BAD_COMMIT, BAD, commitId, WHO, who,
                REASON, reason));
    }

    private void ensureBranch() {
        try {
            branches.lake().getBranch(branches.repository(), BRANCH);
        } catch (LakeNotFoundException missing) {
            try {
                Branch ignored = branches.lake().createBranch(branches.repository(), BRANCH, branches.main());
            } catch (LakeConflictException createdMeanwhile) {
                // another operator's command created it
            }
        }
    }
}
