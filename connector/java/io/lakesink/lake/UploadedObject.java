package io.lakesink.lake;

/** Bytes written to a physical address, not yet linked into any branch. */
public record UploadedObject(String physicalAddress, long sizeBytes, String checksum) {
}
