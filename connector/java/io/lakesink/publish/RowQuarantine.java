package io.lakesink.publish;

import io.lakesink.check.CheckResult;
import io.lakesink.check.RowRef;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LocalCopies;
import io.lakesink.lake.LocalTrees;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.record.KafkaColumns;
import io.lakesink.record.ParquetRowSplit;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Lock;

/**
 * Takes the rows the checks named out of one ingest commit and publishes the rest. Each file of the commit that
 * holds a named row is split: its bad rows go to the quarantine branch (created from main, one commit holding them
 * beside the check results and their offsets), its good rows replace it on the ingest branch in one commit that
 * names the quarantined commit, so the publisher merges everything else of it to main in the same pass. Files
 * without a named row are not touched.
 *
 * <p>Retried after a crash it does the same again: the quarantine branch, once there, is reused, and the split is
 * deterministic. When a named row is not among the commit's new rows (a check that named rows of main), nothing is
 * changed and the caller quarantines the whole commit instead.
 */
final class RowQuarantine {
    private static final Logger log = LoggerFactory.getLogger(RowQuarantine.class);
    private static final String PARQUET = "application/vnd.apache.parquet";

    private final VersionedLake lake;
    private final PublishSettings settings;
    private final Lock ingestLock;

    RowQuarantine(VersionedLake lake, PublishSettings settings, Lock ingestLock) {
        this.lake = lake;
        this.settings = settings;
        this.ingestLock = ingestLock;
    }

    /** What was set aside: the ingest commit that removed the rows, and how many. */
    record SetAside(Commit ingestCommit, String branch, long rows) {
    }

    /** One file of the commit that holds named rows, split on local disk. */
    private record Split(String path, Path kept, long keptRows, Path aside, long asideRows) {
    }

    /** Whether every failing check named its rows, so that a row-level quarantine can take them out. */
    static boolean applies(List<CheckResult> results) {
        return results.stream().noneMatch(CheckResult::couldNotRun)
                && results.stream().filter(r -> !r.passed()).allMatch(CheckResult::namesRows);
    }

    /** Sets the named rows of {@code bad} aside; empty when they cannot all be found among its new rows. */
    Optional<SetAside> setAside(Commit bad, List<CheckResult> results) {
        Set<RowRef> named = new HashSet<>();
        results.stream().filter(r -> !r.passed()).forEach(r -> named.addAll(r.rows()));
        Path work = settings.scratch().resolve("quarantine-" + UUID.randomUUID());
        try {
            Files.createDirectories(work);
            List<Split> splits = split(bad, named, work);
            if (splits == null) {
                return Optional.empty();
            }
            String branch = PublishMetadata.quarantineBranch(bad.id());
            long rows = splits.stream().mapToLong(Split::asideRows).sum();
            keepOnQuarantineBranch(bad, branch, splits, named, results);
            Commit fixed = removeFromIngest(bad, branch, splits, rows, results);
            return Optional.of(new SetAside(fixed, branch, rows));
        } catch (IOException e) {
            throw new UncheckedIOException("could not split the files of " + bad.id() + " in " + work, e);
        } finally {
            LocalTrees.deleteQuietly(work);
        }
    }

    /** The commit's new files holding named rows, split; null when some named row is not among them. */
    private List<Split> split(Commit bad, Set<RowRef> named, Path work) throws IOException {
        Set<String> topics = new HashSet<>();
        named.forEach(r -> topics.add(r.topic()));
        String prefix = settings.topicsDir() + "/";
        Set<RowRef> found = new HashSet<>();
        List<Split> splits = new ArrayList<>();
        for (Change change : Pages.all(p -> lake.diff(settings.repository(), bad.parents().get(0), bad.id(), prefix,
                p))) {
            String rest = change.path().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (change.type() == Change.Type.REMOVED || !change.path().endsWith(".parquet") || slash < 0
                    || !topics.contains(rest.substring(0, slash))) {
                continue;
            }
            ObjectStats stats = lake.statObject(settings.repository(), bad.id(), change.path());
            Path local = LocalCopies.of(lake, settings.repository(), bad.id(), stats, work);
            Path kept = work.resolve(UUID.randomUUID() + ".kept.parquet");
            Path aside = work.resolve(UUID.randomUUID() + ".aside.parquet");
            ParquetRowSplit.Result r;
            try {
                r = ParquetRowSplit.split(local, row -> {
                    RowRef ref = refOf(row);
                    if (ref != null && named.contains(ref)) {
                        found.add(ref);
                        return true;
                    }
                    return false;
                }, kept, aside, settings.parquet());
            } catch (IllegalArgumentException notOurs) {
                log.warn("Cannot split {} ({}); quarantining the whole commit instead", change.path(),
                        notOurs.getMessage());
                return null;
            }
            if (r.setAside() > 0) {
                splits.add(new Split(change.path(), kept, r.kept(), aside, r.setAside()));
            }
        }
        if (!found.equals(named)) {
            Set<RowRef> missing = new HashSet<>(named);
            missing.removeAll(found);
            log.warn("Checks named {} row(s) that commit {} does not add (e.g. {}); quarantining the whole commit"
                    + " instead", missing.size(), bad.id(), missing.stream().sorted().limit(3).toList());
            return null;
        }
        return splits;
    }

    private static RowRef refOf(GenericRecord row) {
        Object topic = row.hasField(KafkaColumns.TOPIC) ? row.get(KafkaColumns.TOPIC) : null;
        Object partition = row.hasField(KafkaColumns.PARTITION) ? row.get(KafkaColumns.PARTITION) : null;
        Object offset = row.hasField(KafkaColumns.OFFSET) ? row.get(KafkaColumns.OFFSET) : null;
        if (topic == null || !(partition instanceof Number p) || !(offset instanceof Number o)) {
            return null;
        }
        return new RowRef(topic.toString(), p.intValue(), o.longValue());
    }

    /** The quarantine branch from main's head, with one commit adding the bad rows; kept if already there. */
    private void keepOnQuarantineBranch(Commit bad, String branch, List<Split> splits, Set<RowRef> named,
                                        List<CheckResult> results) throws IOException {
        Commit mainHead = lake.getCommit(settings.repository(), settings.mainBranch());
        try {
            lake.createBranch(settings.repository(), branch, mainHead.id());
        } catch (LakeConflictException exists) {
            Commit head = lake.getCommit(settings.repository(), branch);
            if (bad.id().equals(head.metadata().get(PublishMetadata.QUARANTINE_OF))) {
                return; // an earlier attempt kept them and stopped before ingest was changed
            }
            lake.hardReset(settings.repository(), branch, mainHead.id());
        }
        lake.resetUncommitted(settings.repository(), branch);
        for (Split s : splits) {
            try (InputStream in = Files.newInputStream(s.aside())) {
                lake.putObject(settings.repository(), branch, PublishMetadata.quarantinedPath(s.path(), bad.id()), in,
                        PARQUET);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CommitMetadata.CONNECTOR, settings.connector());
        metadata.put(PublishMetadata.QUARANTINE_OF, bad.id());
        metadata.put(PublishMetadata.QUARANTINE_LEVEL, PublishMetadata.LEVEL_ROWS);
        metadata.put(PublishMetadata.QUARANTINE_ROWS, Long.toString(named.size()));
        metadata.put(PublishMetadata.QUARANTINE_OFFSETS, OffsetRanges.json(named));
        metadata.put(PublishMetadata.QUARANTINE_BASE, mainHead.id());
        metadata.put(PublishMetadata.CHECKS, CheckReport.json(results));
        lake.commit(settings.repository(), branch, CommitRequest.of("Quarantined " + named.size() + " row(s) of "
                + bad.id().substring(0, 12) + ": " + CheckReport.failures(results), metadata));
    }

    /** One commit on ingest putting the good rows in place of each split file (or removing it when none). */
    private Commit removeFromIngest(Commit bad, String branch, List<Split> splits, long rows,
                                    List<CheckResult> results) throws IOException {
        ingestLock.lock();
        try {
            Commit head = lake.getCommit(settings.repository(), settings.ingestBranch());
            // only this connector commits to ingest, under this lock: anything staged is a crashed cycle's leftover
            lake.resetUncommitted(settings.repository(), settings.ingestBranch());
            try {
                for (Split s : splits.stream().sorted(Comparator.comparing(Split::path)).toList()) {
                    if (s.keptRows() == 0) {
                        lake.deleteObject(settings.repository(), settings.ingestBranch(), s.path());
                    } else {
                        try (InputStream in = Files.newInputStream(s.kept())) {
                            lake.putObject(settings.repository(), settings.ingestBranch(), s.path(), in, PARQUET);
                        }
                    }
                }
                Map<String, String> metadata = new LinkedHashMap<>();
                metadata.put(CommitMetadata.KAFKA_OFFSETS,
                        CommitMetadata.offsetsAt(lake, settings.repository(), head.id()).toJson());
                metadata.put(CommitMetadata.CONNECTOR, settings.connector());
                metadata.put(CommitMetadata.EVENT_TIMES,
                        CommitMetadata.timesJson(CommitMetadata.eventTimesAt(lake, settings.repository(), head)));
                metadata.put(PublishMetadata.QUARANTINE_OF, bad.id());
                metadata.put(PublishMetadata.QUARANTINE_BRANCH, branch);
                metadata.put(PublishMetadata.QUARANTINE_LEVEL, PublishMetadata.LEVEL_ROWS);
                metadata.put(PublishMetadata.QUARANTINE_ROWS, Long.toString(rows));
                metadata.put(PublishMetadata.CHECKS, CheckReport.json(results));
                return lake.commit(settings.repository(), settings.ingestBranch(), new CommitRequest("Quarantine "
                        + rows + " row(s) of " + bad.id().substring(0, 12) + " (kept on " + branch + "): "
                        + CheckReport.failures(results), metadata, false).onlyOnTopOf(head.id()));
            } catch (LakeException | IOException e) {
                try {
                    lake.resetUncommitted(settings.repository(), settings.ingestBranch());
                } catch (LakeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        } finally {
            ingestLock.unlock();
        }
    }
}
