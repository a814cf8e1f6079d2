package io.lakesink.compact;

import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.ObjectStats;

import java.util.List;

/** New files uploaded by a compaction's rewrite, not linked yet, each with the small files it replaces. */
public record RewrittenFiles(List<Rewrite> rewrites) {

    /** One new file and the small files it replaces. */
    public record Rewrite(List<ObjectStats> inputs, LinkRequest output, long rows) {
        public Rewrite {
            inputs = List.copyOf(inputs);
        }
    }

    public RewrittenFiles {
        rewrites = List.copyOf(rewrites);
    }

    public int inputFiles() {
        return rewrites.stream().mapToInt(r -> r.inputs().size()).sum();
    }

    public long rows() {
        return rewrites.stream().mapToLong(Rewrite::rows).sum();
    }
}
