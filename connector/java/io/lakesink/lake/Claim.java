package io.lakesink.lake;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A record in the lake that exists at most once, taken "only if absent": a branch named for what it guards whose
 * head commit carries the holder's facts. Creating a branch is atomic on every backend and fails with a conflict
 * when the branch exists, so of two takers exactly one wins, and the loser reads who did. The holder's commit is
 * made first on a scratch branch, so the claim branch is born carrying its facts: there is no moment at which it
 * exists without saying who holds it.
 *
 * <p>The claim branch points at a commit on top of {@code baseRef}'s head at the time it was taken; like any
 * branch, it keeps that commit's objects from a lakeFS garbage collection.
 */
public final class Claim {
    /** Who holds a claim: the facts recorded when it was taken, and since when. */
    public record Holder(String commitId, Map<String, String> facts, Instant since) {
        public String get(String key) {
            return facts.get(key);
        }
    }

    private static final int ATTEMPTS = 3;

    private final VersionedLake lake;
    private final String repository;
    private final String branch;

    /** @param branch the claim's own branch, which nothing else may use */
    public Claim(VersionedLake lake, String repository, String branch) {
        this.lake = lake;
        this.repository = repository;
        this.branch = LakeNames.branch(branch);
    }

    public String branch() {
        return branch;
    }

    /** Who holds the claim now, if anyone. */
    public Optional<Holder> holder() {
        try {
            return Optional.of(holderOf(lake.getCommit(repository, branch)));
        } catch (LakeNotFoundException absent) {
            return Optional.empty();
        }
    }

    /**
     * Takes the claim with {@code facts} unless someone holds it; returns the holder afterwards (these facts when
     * taken, the earlier holder's otherwise; compare to tell).
     */
    public Holder take(String baseRef, String message, Map<String, String> facts) {
        for (int attempt = 1; ; attempt++) {
            Commit mine = commitOnScratch(baseRef, message, facts);
            try {
                lake.createBranch(repository, branch, mine.id());
                return holderOf(mine);
            } catch (LakeConflictException taken) {
                Optional<Holder> holder = holder();
                // released between our attempt and our read: try again, a few times
                if (holder.isPresent() || attempt == ATTEMPTS) {
                    return holder.orElseThrow(() -> taken);
                }
            }
        }
    }

    /**
     * Gives the claim to {@code facts}, only if the holder is still the one read ({@code expected}); fails with
     * {@link LakeBranchMovedException} when it changed meanwhile.
     */
    public Holder handOver(Holder expected, String baseRef, String message, Map<String, String> facts) {
        Commit mine = commitOnScratch(baseRef, message, facts);
        lake.hardReset(repository, branch, mine.id(), expected.commitId());
        return holderOf(mine);
    }

    /** Gives the claim up; nothing happens when nobody holds it. */
    public void release() {
        try {
            lake.deleteBranch(repository, branch);
        } catch (LakeNotFoundException alreadyGone) {
            // released by someone finishing the same work, or never taken
        }
    }

    private Commit commitOnScratch(String baseRef, String message, Map<String, String> facts) {
        String scratch = branch + "-taking-" + UUID.randomUUID().toString().substring(0, 8);
        lake.createBranch(repository, scratch, baseRef);
        try {
            return lake.commit(repository, scratch, new CommitRequest(message, facts, true));
        } finally {
            try {
                lake.deleteBranch(repository, scratch);
            } catch (LakeException e) {
                // a leftover scratch branch holds nothing anyone reads; the claim itself is decided by createBranch
            }
        }
    }

    private static Holder holderOf(Commit c) {
        return new Holder(c.id(), c.metadata(), c.creationDate());
    }
}
