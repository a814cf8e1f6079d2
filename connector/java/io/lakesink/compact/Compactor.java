package io.lakesink.compact;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.VersionedLake;
import io.lakesink.record.ParquetSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * Carries out a {@link CompactionPlan} in two steps. {@link #prepare} rewrites each group into one file and uploads
 * it, unlinked, while ingestion goes on. {@link #commit} then, holding the ingest branch's lock, replaces the small
 * files by the new ones in one commit on the ingest branch, whose {@code kafka.offsets} are its parent's and whose
 * {@value CommitMetadata#COMPACTION} metadata tells the publisher it has no new rows to check; the publisher merges
 * it to main like any commit, so readers of main see the old files or the new ones, never both or neither.
 *
 * <p>It commits only when ingest holds nothing main does not (so the commit never sits among unchecked commits, and
 * a halted publisher never checks it) and when every input is still, byte for byte, on both branches (so the new
 * files hold exactly the rows the commit removes); otherwise it leaves the lake as it was and says why. Files of
 * older commits are untouched, so a rollback to any of them finds its files as they were.
 */
public final class Compactor {
    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    private final VersionedLake lake;
    private final String repository;
    private final String ingest;
    private final String main;
    private final String connector;
    private final CompactionRewriter rewriter;
    private final Lock ingestLock;

    /**
     * @param scratch    where inputs are fetched and outputs written (emptied of what this compactor puts there)
     * @param ingestLock the lock the ingest branch's committer holds while it commits
     */
    public Compactor(VersionedLake lake, String repository, String ingest, String main, String connector,
                     ParquetSettings settings, Path scratch, Lock ingestLock) {
        this.lake = lake;
        this.repository = repository;
        this.ingest = ingest;
        this.main = main;
        this.connector = connector;
        this.rewriter = new CompactionRewriter(lake, repository, ingest, settings, scratch);
        this.ingestLock = ingestLock;
    }

    /** The compaction commit, or why there is none. */
    public record Outcome(Optional<Commit> commit, String reason) {
        static Outcome committed(Commit c, String what) {
            return new Outcome(Optional.of(c), what);
        }

        static Outcome notNow(String why) {
            return new Outcome(Optional.empty(), why);
        }

        /** True when the inputs are gone or changed: the prepared files will never fit again. */
        public boolean stale() {
            return commit.isEmpty() && reason.startsWith(STALE);
        }
    }

    private static final String STALE = "stale: ";

    /** Rewrites and uploads every group of the plan (see {@link CompactionRewriter}); links nothing. */
    public RewrittenFiles prepare(CompactionPlan plan) {
        return rewriter.rewrite(plan);
    }

    /** Replaces the inputs by the new files in one commit on ingest, if they are still what was rewritten. */
    public Outcome commit(RewrittenFiles prepared) {
        if (prepared.rewrites().isEmpty()) {
            return Outcome.notNow("nothing to compact");
        }
        ingestLock.lock();
        try {
            return commitLocked(prepared);
        } finally {
            ingestLock.unlock();
        }
    }

    private Outcome commitLocked(RewrittenFiles prepared) {
        Commit head = lake.getCommit(repository, ingest);
        Commit mainHead = lake.getCommit(repository, main);
        if (!lake.findMergeBase(repository, head.id(), mainHead.id()).id().equals(head.id())) {
            return Outcome.notNow(ingest + " holds commits " + main + " does not yet: compaction waits until they"
                    + " are published");
        }
        for (RewrittenFiles.Rewrite r : prepared.rewrites()) {
            for (ObjectStats input : r.inputs()) {
                for (String ref : List.of(head.id(), mainHead.id())) {
                    String changed = changed(input, ref);
                    if (changed != null) {
                        return Outcome.notNow(STALE + changed);
                    }
                }
            }
        }
        // only this connector commits to ingest, under this lock: anything staged is a crashed cycle's leftover
        lake.resetUncommitted(repository, ingest);
        List<LinkRequest> links = new ArrayList<>();
        try {
            for (RewrittenFiles.Rewrite r : prepared.rewrites()) {
                for (ObjectStats input : r.inputs()) {
                    lake.deleteObject(repository, ingest, input.path());
                }
                links.add(r.output());
            }
            lake.linkPhysicalAddresses(repository, ingest, links);
        } catch (RuntimeException e) {
            // a quarantine's revert needs a clean branch: leave nothing half staged behind
            try {
                lake.resetUncommitted(repository, ingest);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CommitMetadata.KAFKA_OFFSETS, CommitMetadata.offsetsAt(lake, repository, head).toJson());
        metadata.put(CommitMetadata.CONNECTOR, connector);
        metadata.put(CommitMetadata.RECORDS, "0");
        metadata.put(CommitMetadata.FILES, Integer.toString(links.size()));
        metadata.put(CommitMetadata.EVENT_TIMES,
                CommitMetadata.timesJson(CommitMetadata.eventTimesAt(lake, repository, head)));
        metadata.put(CommitMetadata.COMPACTION, "{\"files_in\":" + prepared.inputFiles() + ",\"files_out\":"
                + links.size() + ",\"rows\":" + prepared.rows() + "}");
        String what = prepared.inputFiles() + " small file(s) rewritten as " + links.size() + " ("
                + prepared.rows() + " rows, unchanged)";
        Commit commit = lake.commit(repository, ingest, new CommitRequest("Compaction: " + what, metadata, false));
        log.info("Compaction committed {} on {}/{}: {}", commit.id(), repository, ingest, what);
        return Outcome.committed(commit, what);
    }

    /** Why {@code input} is no longer what was rewritten at {@code ref}, or null when it still is. */
    private String changed(ObjectStats input, String ref) {
        try {
            ObjectStats now = lake.statObject(repository, ref, input.path());
            if (Objects.equals(now.checksum(), input.checksum()) && now.sizeBytes() == input.sizeBytes()) {
                return null;
            }
            return input.path() + " changed at " + ref;
        } catch (LakeNotFoundException gone) {
            return input.path() + " is no longer at " + ref;
        }
    }
}
