package io.lakesink.rollback;

import io.lakesink.lake.VersionedLake;

/** Where a connector's data lives: the lake, the repository, and its main and ingest branches. */
public record SinkBranches(VersionedLake lake, String repository, String main, String ingest) {
}
