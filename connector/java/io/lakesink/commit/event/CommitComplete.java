package io.lakesink.commit.event;

import java.util.Map;

/**
 * The end of a cycle: {@code commitId} of the new ingest commit (null when nothing was committed) and the
 * complete {@code kafka.offsets} of the ingest branch's head as JSON. A task whose batch is not reflected there
 * drops what it holds for that partition and reads it again from those offsets.
 */
public record CommitComplete(int version, String connector, String cycleId, String commitId, String offsetsJson,
                             Map<String, String> summary) implements ControlEvent {
    public static CommitComplete of(String connector, String cycleId, String commitId, String offsetsJson,
                                    Map<String, String> summary) {
        return new CommitComplete(CURRENT_VERSION, connector, cycleId, commitId, offsetsJson, summary);
    }
}
