package io.lakesink.publish;

import io.lakesink.lake.Commit;
import io.lakesink.lake.FirstParents;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.VersionedLake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to a repository's data besides ingestion: check failures, rollbacks, commits marked bad. Each entry
 * is an empty commit on the branch {@value #BRANCH} with its facts in the metadata (kind under {@value #KIND}), so
 * the record is versioned beside the data and readable with any lakeFS tool.
 */
public final class AuditLog {
    public static final String BRANCH = "lakesink-audit";
    public static final String KIND = "lakesink.record";
    /** How many entries {@link #entries} reads back at most. */
    public static final int MAX_ENTRIES = 10_000;

    private final VersionedLake lake;
    private final String repository;
    private final String createFrom;

    /** @param createFrom the branch the audit branch is created from the first time (main) */
    public AuditLog(VersionedLake lake, String repository, String createFrom) {
        this.lake = lake;
        this.repository = repository;
        this.createFrom = createFrom;
    }

    /** One entry: its commit and its facts. */
    public record Entry(Commit commit) {
        public String kind() {
            return commit.metadata().getOrDefault(KIND, "");
        }

        public String get(String key) {
            return commit.metadata().get(key);
        }
    }

    public Commit append(String kind, String message, Map<String, String> facts) {
        Map<String, String> metadata = new LinkedHashMap<>();
        facts.forEach((k, v) -> {
            if (v != null) {
                metadata.put(k, v);
            }
        });
        metadata.put(KIND, kind);
        ensureBranch();
        return lake.commit(repository, BRANCH, CommitRequest.of(message, metadata).allowingEmpty());
    }

    /** Every entry, newest first. */
    public List<Entry> entries() {
        Commit c;
        try {
            c = lake.getCommit(repository, BRANCH);
        } catch (LakeNotFoundException none) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (Commit entry : FirstParents.from(lake, repository, c)) {
            if (!entry.metadata().containsKey(KIND) || out.size() >= MAX_ENTRIES) {
                break;
            }
            out.add(new Entry(entry));
        }
        return out;
    }

    private void ensureBranch() {
        try {
            lake.getBranch(repository, BRANCH);
        } catch (LakeNotFoundException missing) {
            try {
                lake.createBranch(repository, BRANCH, createFrom);
            } catch (LakeConflictException createdMeanwhile) {
                // another writer created it at the same moment
            }
        }
    }
}
