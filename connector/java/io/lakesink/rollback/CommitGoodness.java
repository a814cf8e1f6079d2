package io.lakesink.rollback;

import io.lakesink.lake.Commit;
import io.lakesink.publish.CheckReport;
import io.lakesink.publish.PublishMetadata;

import java.util.Set;

/** Whether a main commit can be trusted: not marked bad (itself or the ingest commit it published), no failed check. */
final class CommitGoodness {
    private final Set<String> marked;

    CommitGoodness(Set<String> marked) {
        this.marked = marked;
    }

    boolean isBad(Commit c) {
        return isMarked(c) || hasFailedCheck(c);
    }

    boolean isMarked(Commit c) {
        String source = c.metadata().get(PublishMetadata.SOURCE);
        return marked.contains(c.id()) || (source != null && marked.contains(source));
    }

    static boolean hasFailedCheck(Commit c) {
        try {
            return CheckReport.read(c.metadata().get(PublishMetadata.CHECKS)).stream().anyMatch(o -> !o.passed());
        } catch (IllegalArgumentException unreadable) {
            return true; // unreadable check results prove nothing good
        }
    }
}
