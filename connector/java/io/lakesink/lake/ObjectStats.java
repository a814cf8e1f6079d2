package io.lakesink.lake;

import java.time.Instant;
import java.util.Map;

/** What the lake knows of one object at one ref: where its bytes are and what they are. */
public record ObjectStats(String path, String physicalAddress, String checksum, long sizeBytes, Instant mtime,
                          String contentType, Map<String, String> userMetadata) {
    public ObjectStats {
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    }
}
