package io.lakesink.publish;

import io.lakesink.check.CheckContext;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckRunner;
import io.lakesink.check.ConnectorTopics;
import io.lakesink.check.LakeCheckContext;
import io.lakesink.check.MainLastFiles;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.lake.Commit;
import io.lakesink.lake.FirstParents;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeIntegrityException;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakePreconditionFailedException;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.MergeStrategy;
import io.lakesink.lake.RevertRequest;
import io.lakesink.lake.VersionedLake;
import io.lakesink.metrics.LakeSinkMetrics;
import io.lakesink.sql.SqlLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;

/**
 * Publishes ingest commits to main once their checks pass, oldest first, each checked on what it adds.
 * A failing commit either halts publishing ({@link FailurePolicy#HALT}) until it is reverted or rolled back on
 * ingest and the net change since the last good commit passes, or is moved aside ({@link FailurePolicy#QUARANTINE}):
 * kept on a quarantine branch and reverted on ingest, so later commits go on to main without it. Main moves only by
 * merges of checked commits, so consumers never see unchecked data. Not thread-safe: {@link PublishScheduler}
 * runs it on one thread.
 */
public final class Publisher {
    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    private final VersionedLake lake;
    private final String repository;
    private final String ingest;
    private final String main;
    private final String topicsDir;
    private final String connector;
    private final FailurePolicy policy;
    private final Path scratch;
    private final SqlLimits sqlLimits;
    private final ConnectorTopics connectorTopics;
    private final List<String> requiredTopics;
    private final CheckRunner checks;
    private final Lock ingestLock;
    private final LakeSinkMetrics metrics;
    private final Map<String, List<CheckResult>> passed = new HashMap<>();
    private final MainLastFiles mainLastFiles = new MainLastFiles();
    private volatile Halt halt;
    private final AuditLog audit;
    private final long watermarkLagMs;
    private final RowQuarantine rowQuarantine;

    /**
     * @param ingestLock held while a quarantine reverts on the ingest branch, which the coordinator commits to
     */
    public Publisher(VersionedLake lake, PublishSettings settings, CheckRunner checks, Lock ingestLock,
                     LakeSinkMetrics metrics) {
        this.lake = lake;
        this.repository = settings.repository();
        this.ingest = settings.ingestBranch();
        this.main = settings.mainBranch();
        this.topicsDir = settings.topicsDir();
        this.connector = settings.connector();
        this.policy = settings.policy();
        this.scratch = settings.scratch();
        this.requiredTopics = settings.requiredTopics();
        this.watermarkLagMs = settings.watermarkLagMs();
        this.sqlLimits = settings.sqlLimits();
        this.connectorTopics = settings.connectorTopics();
        this.checks = checks;
        this.ingestLock = ingestLock;
        this.metrics = metrics;
        this.audit = new AuditLog(lake, repository, main);
        this.rowQuarantine = new RowQuarantine(lake, settings, ingestLock);
    }

    /** Where publishing is halted, or null. */
    public Halt halt() {
        return halt;
    }

    /** Checks and publishes everything on ingest that main does not hold yet, as far as the checks allow. */
    public void publishPending() {
        while (true) {
            Commit head = lake.getCommit(repository, ingest);
            Commit mainHead = lake.getCommit(repository, main);
            Commit base = lake.findMergeBase(repository, head.id(), mainHead.id());
            if (base.id().equals(head.id())) {
                return;
            }
            List<Commit> pending = firstParentChain(head, base);
            if (halt != null) {
                resumeIfFixed(pending, base, head, mainHead);
                return;
            }
            if (!advance(pending, mainHead)) {
                if (halt != null && !halt.commitId().equals(head.id())) {
                    // later commits may have undone the failing one (an operator's revert on ingest): one more
                    // pass checks everything pending together, as a halted publisher does on each trigger
                    continue;
                }
                return;
            }
        }
    }

    /**
     * Walks the pending commits oldest first and merges the newest one that leaves main clean. Returns true when
     * ingest changed (a quarantine) and the walk must start again.
     */
    private boolean advance(List<Commit> pending, Commit mainHead) {
        Set<String> quarantined = new HashSet<>();
        pending.forEach(c -> {
            String of = c.metadata().get(PublishMetadata.QUARANTINE_OF);
            if (of != null) {
                quarantined.add(of);
            }
        });
        Set<String> open = new HashSet<>();
        int clean = -1;
        List<CheckResult> cleanResults = List.of();
        boolean restart = false;
        for (int i = 0; i < pending.size(); i++) {
            Commit c = pending.get(i);
            String revertOf = c.metadata().get(PublishMetadata.QUARANTINE_OF);
            if (revertOf != null) {
                open.remove(revertOf);
            } else if (quarantined.contains(c.id())) {
                open.add(c.id());
                continue;
            } else if (c.metadata().containsKey(CommitMetadata.COMPACTION)) {
                // published rows rewritten into fewer files: no new data, and the results so far still hold
                log.debug("Ingest commit {} is a compaction: nothing to check", c.id());
            } else if (c.metadata().containsKey(CommitMetadata.ROLLBACK_ID)) {
                // an operator's rollback moved the offsets (a skip): it adds no data to check
                cleanResults = List.of();
            } else {
                List<CheckResult> results = resultsFor(c, c.parents().get(0), mainHead);
                if (!CheckRunner.allPassed(results)) {
                    if (policy != FailurePolicy.HALT && quarantine(c, results)) {
                        restart = true;
                    } else {
                        halt = new Halt(c.id(), results);
                        metrics.halted(c.id());
                        recordFailure(c, results, "halt");
                        log.error("Publishing to {} HALTED at ingest commit {} (offsets {}): {}. Ingestion goes on;"
                                        + " revert the commit on {} or roll it back to resume.", main, c.id(),
                                c.metadata().get(CommitMetadata.KAFKA_OFFSETS), CheckReport.failures(results), ingest);
                    }
                    break;
                }
                cleanResults = results;
            }
            if (open.isEmpty()) {
                clean = i;
            }
        }
        if (clean >= 0 && holdsEveryRequiredTopic(pending.get(clean), mainHead)) {
            merge(pending.get(clean), cleanResults);
        }
        return restart;
    }

    /**
     * Cross-collection consistency ({@code merge.require.topics}): a merge waits until every listed topic has new
     * files since main, so consumers never see one collection ahead of another.
     */
    private boolean holdsEveryRequiredTopic(Commit candidate, Commit mainHead) {
        if (requiredTopics.isEmpty()) {
            return true;
        }
        if (watermarkLagMs >= 0) {
            return requiredTopicsLevel(candidate);
        }
        List<String> present = context(mainHead.id(), candidate, mainHead).topics();
        List<String> missing = requiredTopics.stream().filter(t -> !present.contains(t)).toList();
        if (!missing.isEmpty()) {
            log.info("Holding the merge of {} to {}: no new data yet for {} (merge.require.topics)", candidate.id(),
                    main, missing);
        }
        return missing.isEmpty();
    }

    /** The event-time variant: every listed topic has records, and their newest times are close enough. */
    private boolean requiredTopicsLevel(Commit candidate) {
        Map<String, Long> times = CommitMetadata.eventTimesAt(lake, repository, candidate.id());
        List<String> missing = requiredTopics.stream().filter(t -> !times.containsKey(t)).toList();
        if (!missing.isEmpty()) {
            log.info("Holding the merge of {} to {}: no records yet for {} (merge.require.topics)", candidate.id(),
                    main, missing);
            return false;
        }
        long newest = requiredTopics.stream().mapToLong(times::get).max().orElseThrow();
        long oldest = requiredTopics.stream().mapToLong(times::get).min().orElseThrow();
        if (newest - oldest > watermarkLagMs) {
            String behind = requiredTopics.stream().filter(t -> newest - times.get(t) > watermarkLagMs)
                    .map(t -> t + " (" + (newest - times.get(t)) + " ms behind)").collect(Collectors.joining(", "));
            log.info("Holding the merge of {} to {}: {} not yet within {} ms of the newest record"
                    + " (merge.require.watermark.lag.ms)", candidate.id(), main, behind, watermarkLagMs);
            return false;
        }
        return true;
    }

    private void resumeIfFixed(List<Commit> pending, Commit base, Commit head, Commit mainHead) {
        Halt h = halt;
        if (pending.stream().noneMatch(c -> c.id().equals(h.commitId()))) {
            log.info("Halted commit {} is no longer on {} (rolled back); publishing resumes", h.commitId(), ingest);
            halt = null;
            metrics.halted(null);
            publishPending();
            return;
        }
        // The bad commit is still in history: publish once the net change since main passes (it was reverted).
        CheckContext net = context(base.id(), head, mainHead);
        // nothing new at all (the bad commit and its revert cancel out): there is no data to check
        List<CheckResult> results = net.topics().isEmpty() ? List.of() : checks.run(net);
        metrics.checked(results);
        if (CheckRunner.allPassed(results)) {
            log.info("Checks pass on {} since {} after the halt at {}; publishing resumes", head.id(), base.id(),
                    h.commitId());
            halt = null;
            metrics.halted(null);
            if (holdsEveryRequiredTopic(head, mainHead)) {
                // merged even when it changes no file, so main records the offsets it has got past
                merge(head, results, true);
            }
        } else {
            halt = new Halt(h.commitId(), results);
        }
    }

    private List<CheckResult> resultsFor(Commit c, String from, Commit mainHead) {
        List<CheckResult> cached = passed.get(c.id());
        if (cached != null) {
            return cached;
        }
        List<CheckResult> results = checks.run(context(from, c, mainHead));
        metrics.checked(results);
        if (CheckRunner.allPassed(results)) {
            passed.put(c.id(), results);
        }
        return results;
    }

    private CheckContext context(String from, Commit commit, Commit mainHead) {
        return new LakeCheckContext(lake, repository, from, commit, mainHead.id(), topicsDir, scratch,
                sqlLimits, connectorTopics, mainLastFiles);
    }

    private void merge(Commit commit, List<CheckResult> results) {
        merge(commit, results, commit.metadata().containsKey(CommitMetadata.ROLLBACK_ID));
    }

    private void merge(Commit commit, List<CheckResult> results, boolean allowEmpty) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CommitMetadata.KAFKA_OFFSETS, CommitMetadata.offsetsAt(lake, repository, commit.id()).toJson());
        metadata.put(CommitMetadata.CONNECTOR, connector);
        metadata.put(PublishMetadata.SOURCE, commit.id());
        metadata.put(PublishMetadata.CHECKS, CheckReport.json(results));
        String message = "Publish " + commit.id().substring(0, 12) + " to " + main + (commit.metadata()
                .containsKey(CommitMetadata.ROLLBACK_ID) ? " (a rollback's offset skip: no data to check)"
                : commit.metadata().containsKey(CommitMetadata.COMPACTION) ? " (compaction: no new rows to check)"
                : results.isEmpty() && commit.metadata().containsKey(PublishMetadata.QUARANTINE_OF)
                ? " (checked commits without what went to quarantine-" + commit.metadata()
                .get(PublishMetadata.QUARANTINE_OF).substring(0, 12) + ")"
                : " (" + results.size() + " check(s) passed)");
        try {
            Commit merged = lake.merge(repository, commit.id(), main,
                    new MergeRequest(message, metadata, MergeStrategy.FAIL, allowEmpty));
            log.info("Published ingest commit {} to {} as {} (offsets {})", commit.id(), main, merged.id(),
                    metadata.get(CommitMetadata.KAFKA_OFFSETS));
            metrics.merged(commit.id(), CommitMetadata.offsetsOf(merged));
            passed.clear();
        } catch (LakeInvalidArgumentException nothingNew) {
            log.debug("{} already holds {}", main, commit.id());
        } catch (LakePreconditionFailedException hookSaidNo) {
            // a lakeFS pre-merge hook is a check too
            halt = new Halt(commit.id(), List.of(CheckResult.fail("lakefs-pre-merge-hook", Double.NaN,
                    hookSaidNo.getMessage())));
            metrics.checked(halt.results());
            metrics.halted(commit.id());
            recordFailure(commit, halt.results(), "halt");
            log.error("Publishing to {} HALTED: a pre-merge hook rejected {}: {}", main, commit.id(),
                    hookSaidNo.getMessage());
        }
    }

    /**
     * Sets the failing rows aside when every failing check named them (policy {@code quarantine}), else the whole
     * commit; false when neither can be done.
     */
    private boolean quarantine(Commit bad, List<CheckResult> results) {
        if (policy == FailurePolicy.QUARANTINE && RowQuarantine.applies(results)) {
            try {
                Optional<RowQuarantine.SetAside> done = rowQuarantine.setAside(bad, results);
                if (done.isPresent()) {
                    RowQuarantine.SetAside r = done.get();
                    metrics.quarantined(r.rows());
                    recordFailure(bad, results, "quarantine rows");
                    log.warn("QUARANTINED {} row(s) of ingest commit {} (offsets {}) on branch {}; the commit's other"
                                    + " rows go on to {} ({} on {}): {}", r.rows(), bad.id(),
                            bad.metadata().get(CommitMetadata.KAFKA_OFFSETS), r.branch(), main,
                            r.ingestCommit().id(), ingest, CheckReport.failures(results));
                    return true;
                }
            } catch (LakeIntegrityException e) {
                throw e;
            } catch (LakeException | java.io.UncheckedIOException e) {
                log.error("Could not quarantine the rows of commit {} ({}); quarantining the whole commit instead",
                        bad.id(), e.getMessage());
            }
        }
        return quarantineCommit(bad, results);
    }

    /** Keeps the commit on a quarantine branch and reverts it on ingest; false when that cannot be done. */
    private boolean quarantineCommit(Commit bad, List<CheckResult> results) {
        String branch = PublishMetadata.quarantineBranch(bad.id());
        String records = bad.metadata().getOrDefault(CommitMetadata.RECORDS, "");
        ingestLock.lock();
        try {
            keepWholeCommit(bad, branch, records, results);
            Commit head = lake.getCommit(repository, ingest);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(CommitMetadata.KAFKA_OFFSETS, CommitMetadata.offsetsAt(lake, repository, head.id()).toJson());
            metadata.put(CommitMetadata.CONNECTOR, connector);
            metadata.put(PublishMetadata.QUARANTINE_OF, bad.id());
            metadata.put(PublishMetadata.QUARANTINE_BRANCH, branch);
            metadata.put(PublishMetadata.QUARANTINE_LEVEL, PublishMetadata.LEVEL_COMMIT);
            metadata.put(PublishMetadata.QUARANTINE_ROWS, records);
            metadata.put(PublishMetadata.CHECKS, CheckReport.json(results));
            lake.revert(repository, ingest, RevertRequest.of(bad.id())
                    .withMessage("Quarantine " + bad.id().substring(0, 12) + ": " + CheckReport.failures(results),
                            metadata));
            metrics.quarantined(records.isEmpty() ? 0 : Long.parseLong(records));
            recordFailure(bad, results, "quarantine");
            log.warn("QUARANTINED ingest commit {} (offsets {}) on branch {} and reverted it on {}: {}", bad.id(),
                    bad.metadata().get(CommitMetadata.KAFKA_OFFSETS), branch, ingest, CheckReport.failures(results));
            return true;
        } catch (LakeIntegrityException e) {
            throw e;
        } catch (LakeException e) {
            log.error("Could not quarantine commit {} ({}); halting instead", bad.id(), e.getMessage());
            return false;
        } finally {
            ingestLock.unlock();
        }
    }

    /**
     * The quarantine branch of a whole commit: at the commit, with an empty entry commit on top that says what the
     * entry holds (the commit's new files, compared with its parent) and why, as a row-level entry does.
     */
    private void keepWholeCommit(Commit bad, String branch, String records, List<CheckResult> results) {
        try {
            lake.createBranch(repository, branch, bad.id());
        } catch (LakeConflictException exists) {
            // an earlier attempt created it
        }
        Commit head = lake.getCommit(repository, branch);
        if (bad.id().equals(head.metadata().get(PublishMetadata.QUARANTINE_OF))
                && PublishMetadata.LEVEL_COMMIT.equals(head.metadata().get(PublishMetadata.QUARANTINE_LEVEL))) {
            return;
        }
        if (!head.id().equals(bad.id())) {
            // a row-level attempt kept only the bad rows there; the whole commit goes aside now, so the entry must
            // hold all of it, or its good rows would be neither on main nor in quarantine
            lake.hardReset(repository, branch, bad.id());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CommitMetadata.CONNECTOR, connector);
        metadata.put(PublishMetadata.QUARANTINE_OF, bad.id());
        metadata.put(PublishMetadata.QUARANTINE_LEVEL, PublishMetadata.LEVEL_COMMIT);
        metadata.put(PublishMetadata.QUARANTINE_ROWS, records);
        metadata.put(PublishMetadata.QUARANTINE_BASE, bad.parents().get(0));
        metadata.put(PublishMetadata.CHECKS, CheckReport.json(results));
        lake.commit(repository, branch, new io.lakesink.lake.CommitRequest("Quarantined commit "
                + bad.id().substring(0, 12) + ": " + CheckReport.failures(results), metadata, true));
    }

    /** Leaves the failure in the audit log for operators ({@code lakesink status}); publishing goes on without it. */
    private void recordFailure(Commit c, List<CheckResult> results, String action) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(PublishMetadata.FAILED_COMMIT, c.id());
        facts.put(PublishMetadata.FAILURE_ACTION, action);
        facts.put(CommitMetadata.KAFKA_OFFSETS, c.metadata().get(CommitMetadata.KAFKA_OFFSETS));
        facts.put(CommitMetadata.CONNECTOR, connector);
        facts.put(PublishMetadata.CHECKS, CheckReport.json(results));
        try {
            audit.append(PublishMetadata.CHECK_FAILED, "Checks failed on " + c.id() + " (" + action + "): "
                    + CheckReport.failures(results), facts);
        } catch (LakeIntegrityException e) {
            throw e;
        } catch (LakeException e) {
            log.warn("Could not record the check failure on {} in the audit log: {}", c.id(), e.getMessage());
        }
    }

    /** Commits from {@code head} back to (not including) {@code base} along first parents, oldest first. */
    private List<Commit> firstParentChain(Commit head, Commit base) {
        List<Commit> chain = new ArrayList<>();
        for (Commit c : FirstParents.from(lake, repository, head)) {
            if (c.id().equals(base.id()) || c.parents().isEmpty()) {
                break;
            }
            chain.add(0, c);
        }
        return chain;
    }
}
