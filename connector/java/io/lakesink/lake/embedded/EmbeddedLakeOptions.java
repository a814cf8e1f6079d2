package io.lakesink.lake.embedded;

import java.time.Duration;

/**
 * How an embedded lake is opened. {@code createIfMissing} makes a new lake in an empty or missing directory;
 * {@code lockTimeout} is how long a writer waits for another process's transaction before the call fails as
 * unavailable (retryable); {@code committer} is recorded in every commit.
 */
public record EmbeddedLakeOptions(boolean createIfMissing, Duration lockTimeout, String committer) {
    public static EmbeddedLakeOptions defaults() {
        return new EmbeddedLakeOptions(true, Duration.ofSeconds(10), "lakesink");
    }

    public EmbeddedLakeOptions withCreateIfMissing(boolean create) {
        return new EmbeddedLakeOptions(create, lockTimeout, committer);
    }

    public EmbeddedLakeOptions withLockTimeout(Duration timeout) {
        return new EmbeddedLakeOptions(createIfMissing, timeout, committer);
    }

    public EmbeddedLakeOptions withCommitter(String name) {
        return new EmbeddedLakeOptions(createIfMissing, lockTimeout, name);
    }
}
