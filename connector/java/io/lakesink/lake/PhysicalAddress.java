package io.lakesink.lake;

import java.time.Instant;

/**
 * A place to write an object's bytes before it is linked into a branch (lakeFS getPhysicalAddress).
 * {@code presignedUrl} is set when the store accepts a direct upload; {@code expiresAt} tells when the
 * address must have been linked.
 */
public record PhysicalAddress(String address, String presignedUrl, Instant expiresAt) {
}
