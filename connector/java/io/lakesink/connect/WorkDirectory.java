package io.lakesink.connect;

import io.lakesink.connect.config.StagingKeys;
import org.apache.kafka.connect.errors.ConnectException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A task's own staging directory under the configured {@code work.dir}. */
final class WorkDirectory {
    private WorkDirectory() {
    }

    /**
     * Makes a new directory for one task under {@code parent}, creating {@code parent} when missing. The random
     * suffix keeps a restarted task clear of what a killed instance of it may have left behind.
     */
    static Path create(Path parent, String connector, int taskId) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "lakesink-" + connector + "-" + taskId + "-");
        } catch (IOException | SecurityException e) {
            throw new ConnectException("task " + taskId + " cannot make its work directory under " + parent + " ("
                    + e + "): set " + StagingKeys.WORK_DIR + " to a writable local directory with room for the open"
                    + " Parquet files", e);
        }
    }
}
