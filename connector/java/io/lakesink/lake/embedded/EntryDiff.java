package io.lakesink.lake.embedded;

/** A path whose entry differs between two trees; a null side means the path is absent there. */
record EntryDiff(String path, Entry left, Entry right) {
}
