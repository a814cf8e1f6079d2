package io.lakesink.rollback;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.lake.Claim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One rollback at a time per repository: a rollback holds this lease, a {@link Claim} on the branch {@value #BRANCH},
 * from before it stops the connector until it completes. A second rollback is refused while the lease is held, except
 * the rollback finishing the same unfinished one (same id). The lease names the rollback, who ran it, on which host
 * and since when, so the refusal can say who to ask.
 */
public final class RollbackLease {
    public static final String BRANCH = "lakesink-rollback-lease";
    public static final String HOST = "lakesink.rollback.host";

    private final SinkBranches b;
    private final Claim claim;

    public RollbackLease(SinkBranches branches) {
        this.b = branches;
        this.claim = new Claim(branches.lake(), branches.repository(), BRANCH);
    }

    /** Who holds the lease, if anyone. */
    public Optional<Claim.Holder> holder() {
        return claim.holder();
    }

    /** Takes the lease for rollback {@code id}; fails, changing nothing, when another rollback holds it. */
    public void take(String id, String who) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(CommitMetadata.ROLLBACK_ID, id);
        facts.put(RollbackLog.WHO, who);
        facts.put(HOST, host());
        Claim.Holder holder = claim.take(b.main(), "Rollback " + id + " by " + who + " holds the rollback lease",
                facts);
        if (!id.equals(holder.get(CommitMetadata.ROLLBACK_ID))) {
            throw new RollbackException("another rollback is unfinished: rollback "
                    + holder.get(CommitMetadata.ROLLBACK_ID) + " by " + holder.get(RollbackLog.WHO) + " on "
                    + holder.get(HOST) + " holds the rollback lease (branch " + BRANCH + ") of repository '"
                    + b.repository() + "' since " + holder.since() + "; nothing changed. Wait for it to finish,"
                    + " or, if it was cut off, run 'lakesink rollback --yes' (no target) to finish it. A"
                    + " rollback cut off before it recorded its start leaves only the lease: remove it with 'lakesink"
                    + " rollback --break-lease " + holder.get(CommitMetadata.ROLLBACK_ID) + "' once you are sure that"
                    + " rollback no longer runs");
        }
    }

    /** Gives the lease up if rollback {@code id} holds it. */
    public void release(String id) {
        Optional<Claim.Holder> holder = claim.holder();
        if (holder.isPresent() && id.equals(holder.get().get(CommitMetadata.ROLLBACK_ID))) {
            claim.release();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName() + " (pid " + ProcessHandle.current().pid() + ")";
        } catch (UnknownHostException e) {
            return "an unknown host (pid " + ProcessHandle.current().pid() + ")";
        }
    }
}
