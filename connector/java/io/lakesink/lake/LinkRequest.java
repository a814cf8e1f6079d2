package io.lakesink.lake;

import java.util.Map;

/**
 * Links bytes already at {@code physicalAddress} into a branch at {@code path} (lakeFS linkPhysicalAddress).
 * With {@code ifAbsent}, linking fails with {@link LakePreconditionFailedException} when the path already
 * holds an object, which makes a retried link safe.
 */
public record LinkRequest(String path, String physicalAddress, long sizeBytes, String checksum, String contentType,
                          Map<String, String> userMetadata, boolean ifAbsent) {
    public LinkRequest {
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    }

    public static LinkRequest of(String path, UploadedObject uploaded) {
        return new LinkRequest(path, uploaded.physicalAddress(), uploaded.sizeBytes(), uploaded.checksum(),
                "application/octet-stream", Map.of(), false);
    }
}
