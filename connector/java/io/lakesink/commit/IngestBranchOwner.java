package io.lakesink.commit;

import io.lakesink.lake.Claim;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.VersionedLake;

import io.lakesink.offsets.CommitMetadata;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which connector owns an ingest branch: one writer per branch. The owner is a {@link Claim} on the branch
 * {@code lakesink-owner-<ingest branch>}, taken by the first connector that starts on the ingest branch, so of two
 * connectors starting at once on a new branch exactly one owns it. An ingest branch that LakeSink wrote to before
 * owners were recorded belongs to the connector named by its head commit's {@code lakesink.connector}.
 */
public final class IngestBranchOwner {
    public static final String OWNER_PREFIX = "lakesink-owner-";
    public static final String CONNECTOR = "lakesink.owner.connector";
    public static final String INGEST_BRANCH = "lakesink.owner.branch";
    public static final String TAKEN_OVER_FROM = "lakesink.owner.taken.over.from";

    private final VersionedLake lake;
    private final String repository;
    private final String ingestBranch;
    private final String mainBranch;
    private final Claim claim;
    private final String branchKey;
    private final String takeoverKey;

    /**
     * @param branchKey   the config key naming the ingest branch, and {@code takeoverKey} the one that takes a branch
     *                    over: both are named in the refusal, so the operator knows what to change
     */
    public IngestBranchOwner(VersionedLake lake, String repository, String ingestBranch, String mainBranch,
                             String branchKey, String takeoverKey) {
        this.lake = lake;
        this.repository = repository;
        this.ingestBranch = ingestBranch;
        this.mainBranch = mainBranch;
        this.claim = new Claim(lake, repository, OWNER_PREFIX + ingestBranch);
        this.branchKey = branchKey;
        this.takeoverKey = takeoverKey;
    }

    /** The owner's name and since when, if the branch has one. */
    public Optional<Owner> owner() {
        Optional<Claim.Holder> holder = claim.holder();
        if (holder.isPresent()) {
            return Optional.of(new Owner(holder.get().get(CONNECTOR), holder.get().since(), true));
        }
        return writerBeforeOwnersWereRecorded();
    }

    /** An owner, and whether it is recorded as such (else it is the connector of the ingest head's commit). */
    public record Owner(String connector, Instant since, boolean recorded) {
    }

    /**
     * Nothing happens when {@code connector} may write: it owns the branch, or nobody does, or the owner is
     * {@code takeoverFrom}. Otherwise fails naming both connectors and the keys to change. Changes nothing.
     */
    public void check(String connector, String takeoverFrom) {
        owner().ifPresent(o -> {
            if (!o.connector().equals(connector) && !o.connector().equals(takeoverFrom)) {
                throw refusal(connector, o);
            }
        });
    }

    /**
     * Makes {@code connector} the owner at task start: claims a branch nobody owns, takes over one owned by
     * {@code takeoverFrom} (null: never), and refuses one owned by another connector.
     */
    public Owner claim(String connector, String takeoverFrom) {
        // every task start comes here: reading first keeps a restart of an owner's task from writing anything
        Optional<Claim.Holder> recorded = claim.holder();
        if (recorded.isEmpty()) {
            Optional<Owner> before = writerBeforeOwnersWereRecorded();
            if (before.isPresent() && !before.get().connector().equals(connector)
                    && !before.get().connector().equals(takeoverFrom)) {
                throw refusal(connector, before.get());
            }
        }
        Claim.Holder holder = recorded.isPresent() ? recorded.get() : claim.take(mainBranch, "Ingest branch "
                + ingestBranch + " belongs to connector " + connector, facts(connector, null));
        String owner = holder.get(CONNECTOR);
        if (owner.equals(connector)) {
            return new Owner(owner, holder.since(), true);
        }
        if (owner.equals(takeoverFrom)) {
            Claim.Holder taken = claim.handOver(holder, mainBranch, "Connector " + connector + " takes ingest branch "
                    + ingestBranch + " over from connector " + owner, facts(connector, owner));
            return new Owner(connector, taken.since(), true);
        }
        throw refusal(connector, new Owner(owner, holder.since(), true));
    }

    /** At each commit: fails with {@link IngestBranchTakenException} unless {@code connector} owns the branch. */
    public void requireOwnedBy(String connector) {
        Optional<Owner> o = owner();
        if (o.isPresent() && !o.get().connector().equals(connector)) {
            throw refusal(connector, o.get());
        }
    }

    private Map<String, String> facts(String connector, String takenOverFrom) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(CONNECTOR, connector);
        facts.put(INGEST_BRANCH, ingestBranch);
        if (takenOverFrom != null) {
            facts.put(TAKEN_OVER_FROM, takenOverFrom);
        }
        return facts;
    }

    private Optional<Owner> writerBeforeOwnersWereRecorded() {
        try {
            Commit head = lake.getCommit(repository, ingestBranch);
            String writer = head.metadata().get(CommitMetadata.CONNECTOR);
            return writer == null ? Optional.empty() : Optional.of(new Owner(writer, head.creationDate(), false));
        } catch (LakeNotFoundException noBranchYet) {
            return Optional.empty();
        }
    }

    private IngestBranchTakenException refusal(String connector, Owner owner) {
        return new IngestBranchTakenException("ingest branch '" + ingestBranch + "' of repository '" + repository
                + "' belongs to connector '" + owner.connector() + "' (" + (owner.recorded() ? "its owner since "
                : "it made the branch's head commit at ") + owner.since() + "), so connector '" + connector
                + "' may not write to it: one branch has one writer. Give '" + connector + "' its own ingest branch ("
                + branchKey + "), or, if '" + connector + "' is '" + owner.connector() + "' renamed on purpose and '"
                + owner.connector() + "' is deleted, set " + takeoverKey + "=" + owner.connector());
    }
}
