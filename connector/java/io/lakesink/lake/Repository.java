package io.lakesink.lake;

import java.time.Instant;

/** A repository: a named set of branches and commits over one storage namespace. */
public record Repository(String name, String defaultBranch, String storageNamespace, Instant creationDate) {
}
