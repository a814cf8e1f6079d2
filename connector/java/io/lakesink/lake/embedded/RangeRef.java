package io.lakesink.lake.embedded;

/** A meta-range's pointer to one immutable range: its content hash and the keys it spans. */
record RangeRef(String id, String minKey, String maxKey, int count) {
}
