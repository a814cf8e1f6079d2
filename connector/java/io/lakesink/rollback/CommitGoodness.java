package io.lakesink.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.lake.Commit;
import io.lakesink.publish.PublishMetadata;

import java.io.IOException;
import java.util.Set;

/** Whether a main commit can be trusted: not marked bad (itself or the ingest commit it published), no failed check. */
final class CommitGoodness {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        String checks = c.metadata().get(PublishMetadata.CHECKS);
        if (checks == null || checks.isBlank()) {
            return false;
        }
        try {
            for (JsonNode r : JSON.readTree(checks)) {
                if ("failed".equals(r.path("outcome").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // unreadable check results prove nothing good
        }
    }
}
