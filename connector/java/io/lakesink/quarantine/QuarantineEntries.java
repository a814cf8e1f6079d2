package io.lakesink.quarantine;

import io.lakesink.lake.Branch;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.publish.PublishMetadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads a repository's quarantine entries from their branches (see {@link QuarantineEntry}). */
public final class QuarantineEntries {
    private final VersionedLake lake;
    private final String repository;
    private final String ingest;
    private final String topicsDir;

    private final String main;

    public QuarantineEntries(VersionedLake lake, String repository, String ingest, String main, String topicsDir) {
        this.lake = lake;
        this.repository = repository;
        this.ingest = ingest;
        this.main = main;
        this.topicsDir = topicsDir;
    }

    /** Every entry, oldest first. */
    public List<QuarantineEntry> list() {
        Commit ingestHead = lake.getCommit(repository, ingest);
        Commit mainHead = lake.getCommit(repository, main);
        List<QuarantineEntry> out = new ArrayList<>();
        for (Branch b : Pages.all(p -> lake.listBranches(repository, p))) {
            if (b.name().startsWith(PublishMetadata.QUARANTINE_BRANCH_PREFIX)) {
                out.add(read(b.name(), ingestHead, mainHead));
            }
        }
        out.sort(Comparator.comparing(QuarantineEntry::quarantinedAt));
        return out;
    }

    /**
     * The entry named by its branch or by (a prefix of) the quarantined commit's id.
     *
     * @throws IllegalArgumentException when there is none, or the prefix names several
     */
    public QuarantineEntry get(String name) {
        String wanted = name.startsWith(PublishMetadata.QUARANTINE_BRANCH_PREFIX) ? name
                : PublishMetadata.QUARANTINE_BRANCH_PREFIX + name;
        List<String> matches = new ArrayList<>();
        for (Branch b : Pages.all(p -> lake.listBranches(repository, p))) {
            if (b.name().equals(wanted)) {
                return read(b.name());
            }
            if (b.name().startsWith(PublishMetadata.QUARANTINE_BRANCH_PREFIX) && (b.name().startsWith(wanted)
                    || wanted.startsWith(b.name()))) {
                matches.add(b.name());
            }
        }
        if (matches.size() == 1) {
            return read(matches.get(0));
        }
        throw new IllegalArgumentException(matches.isEmpty() ? "no quarantine entry " + name
                + " (lakesink quarantine list shows them)" : name + " names several quarantine entries: " + matches);
    }

    /** The Parquet files the entry holds (what its entry commit adds relative to its base), by path. */
    public List<ObjectStats> files(QuarantineEntry e) {
        String prefix = topicsDir.endsWith("/") ? topicsDir : topicsDir + "/";
        List<ObjectStats> out = new ArrayList<>();
        for (Change c : Pages.all(p -> lake.diff(repository, e.base(), e.entryCommit().id(), prefix, p))) {
            if (c.type() != Change.Type.REMOVED && c.path().endsWith(".parquet")) {
                out.add(lake.statObject(repository, e.entryCommit().id(), c.path()));
            }
        }
        return out;
    }

    private QuarantineEntry read(String branch) {
        return read(branch, lake.getCommit(repository, ingest), lake.getCommit(repository, main));
    }

    private QuarantineEntry read(String branch, Commit ingestHead, Commit mainHead) {
        Commit c = lake.getCommit(repository, branch);
        Commit decision = null;
        while (c.metadata().containsKey(PublishMetadata.QUARANTINE_STATE) && !c.parents().isEmpty()) {
            decision = decision == null ? c : decision;
            c = lake.getCommit(repository, c.parents().get(0));
        }
        Map<String, String> m = c.metadata();
        boolean undone = releaseUndone(decision, mainHead);
        if (!m.containsKey(PublishMetadata.QUARANTINE_OF)) {
            // a whole commit quarantined before entries had their own commit: the branch stands at the commit
            return new QuarantineEntry(branch, c.id(), PublishMetadata.LEVEL_COMMIT,
                    parseLong(m.get(CommitMetadata.RECORDS)), "", "", c.parents().get(0), c, decision,
                    !contains(ingestHead, c.id()), undone);
        }
        String source = m.get(PublishMetadata.QUARANTINE_OF);
        return new QuarantineEntry(branch, source,
                m.getOrDefault(PublishMetadata.QUARANTINE_LEVEL, PublishMetadata.LEVEL_COMMIT),
                parseLong(m.get(PublishMetadata.QUARANTINE_ROWS)), m.getOrDefault(PublishMetadata.QUARANTINE_OFFSETS, ""),
                m.getOrDefault(PublishMetadata.CHECKS, ""),
                m.getOrDefault(PublishMetadata.QUARANTINE_BASE, c.parents().get(0)), c, decision,
                !contains(ingestHead, source), undone);
    }

    /** A release whose merge is no longer in main's history: a rollback of main took the rows away again. */
    private boolean releaseUndone(Commit decision, Commit mainHead) {
        if (decision == null
                || !PublishMetadata.STATE_RELEASED.equals(decision.metadata().get(PublishMetadata.QUARANTINE_STATE))) {
            return false;
        }
        String releasedAs = decision.metadata().get(PublishMetadata.RELEASED_AS);
        return releasedAs != null && !contains(mainHead, releasedAs);
    }

    /** Whether {@code commit} is in {@code head}'s history (a rollback takes commits off a branch). */
    private boolean contains(Commit head, String commit) {
        try {
            return lake.findMergeBase(repository, commit, head.id()).id().equals(commit);
        } catch (LakeNotFoundException gone) {
            return false;
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null || s.isBlank() ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
