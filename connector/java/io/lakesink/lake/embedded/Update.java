package io.lakesink.lake.embedded;

/** A change to apply to a tree: put {@code entry} at {@code path}, or remove the path when entry is null. */
record Update(String path, Entry entry) {
    boolean isRemoval() {
        return entry == null;
    }
}
