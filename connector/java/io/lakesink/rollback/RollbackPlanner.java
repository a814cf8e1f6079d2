package io.lakesink.rollback;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;
import io.lakesink.publish.PublishMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Optional;

/** Works out a {@link RollbackPlan} from the lake alone; changes nothing. */
public final class RollbackPlanner {
    private final SinkBranches b;
    private final VersionedLake lake;

    public RollbackPlanner(SinkBranches branches) {
        this.b = branches;
        this.lake = branches.lake();
    }

    public RollbackPlan plan(RollbackTarget target, RollbackMode mode, Optional<PartitionOffset> skipTo) {
        Commit mainHead = lake.getCommit(b.repository(), b.main());
        Commit ingestHead = lake.getCommit(b.repository(), b.ingest());
        List<Commit> mainChain;
        Commit ingestTo;
        if (target instanceof RollbackTarget.ToOffset t) {
            mainChain = FirstParentChain.walk(lake, b.repository(), mainHead, c -> holdsNothingFrom(c, t.offset()));
            Commit mainTo = last(mainChain);
            requireCovered(t.offset(), mainChain, mainTo, ingestHead);
            String stopAt = sourceOf(mainTo);
            List<Commit> ingestChain = FirstParentChain.walk(lake, b.repository(), ingestHead,
                    c -> c.id().equals(stopAt) || holdsNothingFrom(c, t.offset()));
            ingestTo = last(ingestChain);
            if (!ingestTo.id().equals(stopAt) && !holdsNothingFrom(ingestTo, t.offset())) {
                throw new RollbackException("the ingest branch '" + b.ingest() + "' does not descend from "
                        + stopAt + ", the commit main's target " + mainTo.id() + " published: reset target is not"
                        + " an ancestor; nothing changed");
            }
        } else if (target instanceof RollbackTarget.ToCommit t) {
            Commit wanted = commit(t.ref());
            mainChain = FirstParentChain.walk(lake, b.repository(), mainHead, c -> c.id().equals(wanted.id()));
            if (!last(mainChain).id().equals(wanted.id())) {
                throw new RollbackException("commit " + wanted.id() + " is not an ancestor of '" + b.main()
                        + "' (its first-parent history): a rollback can only go back to a commit main once stood at;"
                        + " nothing changed");
            }
            ingestTo = ingestTarget(last(mainChain), ingestHead);
        } else {
            CommitGoodness goodness = new CommitGoodness(new RollbackLog(b).badCommits());
            mainChain = lastGoodChain(mainHead, goodness);
            ingestTo = ingestTarget(last(mainChain), ingestHead);
        }
        Commit mainTo = last(mainChain);
        OffsetMap resume = offsets(ingestTo);
        List<OffsetSpan> skipped = List.of();
        if (skipTo.isPresent()) {
            PartitionOffset s = skipTo.get();
            long from = resume.get(s.partition()).orElse(0L);
            if (s.offset() <= from) {
                throw new RollbackException("--skip-to-offset " + s + " is not past where ingestion resumes ("
                        + s.partition() + " at " + from + "): nothing to skip; nothing changed");
            }
            skipped = List.of(new OffsetSpan(s.partition(), from, s.offset()));
            resume = resume.with(s.partition(), s.offset());
        }
        List<Change> removed = Pages.all(p -> lake.diff(b.repository(), mainHead.id(), mainTo.id(), "", p));
        int files = 0;
        long bytes = 0;
        for (Change c : removed) {
            if (c.type() != Change.Type.ADDED) {
                files++;
                bytes += c.sizeBytes();
            }
        }
        return new RollbackPlan(mode, mainHead, mainTo, ingestHead, ingestTo, mainChain.subList(0, mainChain.size() - 1),
                OffsetSpan.between(offsets(mainTo), offsets(mainHead)),
                OffsetSpan.between(offsets(ingestTo), offsets(ingestHead)),
                resume, skipTo, skipped, files, bytes);
    }

    private OffsetMap offsets(Commit c) {
        return CommitMetadata.offsetsAt(lake, b.repository(), c);
    }

    private boolean holdsNothingFrom(Commit c, PartitionOffset o) {
        return offsets(c).get(o.partition()).orElse(0L) <= o.offset();
    }

    private void requireCovered(PartitionOffset o, List<Commit> mainChain, Commit mainTo, Commit ingestHead) {
        TopicPartition tp = o.partition();
        long onIngest = offsets(ingestHead).get(tp).orElse(0L);
        if (mainChain.size() == 1 && onIngest <= o.offset()) {
            long onMain = offsets(mainTo).get(tp).orElse(0L);
            throw new RollbackException(onIngest == 0 && onMain == 0
                    ? "no commit on '" + b.main() + "' or '" + b.ingest() + "' holds any offset of " + tp
                    + ": check the topic and partition; nothing changed"
                    : "no commit covers offset " + o.offset() + " of " + tp + ": '" + b.main() + "' holds offsets"
                    + " below " + onMain + " and '" + b.ingest() + "' below " + onIngest + "; nothing changed");
        }
    }

    /** The ingest commit a main commit published, or the commit itself when it published none (the first one). */
    private static String sourceOf(Commit mainCommit) {
        return mainCommit.metadata().getOrDefault(PublishMetadata.SOURCE, mainCommit.id());
    }

    private Commit ingestTarget(Commit mainTo, Commit ingestHead) {
        String source = sourceOf(mainTo);
        List<Commit> chain = FirstParentChain.walk(lake, b.repository(), ingestHead, c -> c.id().equals(source));
        if (!last(chain).id().equals(source) && !mainTo.parents().isEmpty()) {
            throw new RollbackException("the ingest branch '" + b.ingest() + "' does not descend from " + source
                    + ", the commit main's target " + mainTo.id() + " published: reset target is not an ancestor;"
                    + " nothing changed");
        }
        return commit(source);
    }

    /** From main's head back to the newest good commit older than every bad one on the way. */
    private List<Commit> lastGoodChain(Commit mainHead, CommitGoodness goodness) {
        // a rollback's own commit is a trusted boundary: bad commits behind it were dealt with then
        List<Commit> all = FirstParentChain.walk(lake, b.repository(), mainHead,
                c -> c.metadata().containsKey(CommitMetadata.ROLLBACK_ID));
        int oldestBad = -1;
        for (int i = 0; i < all.size(); i++) {
            if (goodness.isBad(all.get(i))) {
                oldestBad = i;
            }
        }
        if (oldestBad < 0) {
            throw new RollbackException("no commit on '" + b.main() + "' is marked bad or failed a check, so there"
                    + " is no last good commit to go back to: mark the first bad one with 'lakesink mark-bad <commit>'"
                    + " or name the target with --to-commit / --to-offset; nothing changed");
        }
        for (int i = oldestBad + 1; i < all.size(); i++) {
            if (!goodness.isBad(all.get(i))) {
                return all.subList(0, i + 1);
            }
        }
        throw new RollbackException("every commit on '" + b.main() + "' is bad: nothing to go back to; nothing changed");
    }

    private Commit commit(String ref) {
        try {
            return lake.getCommit(b.repository(), ref);
        } catch (LakeNotFoundException e) {
            throw new RollbackException("no commit '" + ref + "' in repository '" + b.repository() + "'; nothing changed");
        }
    }

    private static Commit last(List<Commit> chain) {
        return chain.get(chain.size() - 1);
    }
}
