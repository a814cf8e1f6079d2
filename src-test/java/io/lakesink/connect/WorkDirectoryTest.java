package io.lakesink.connect;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkDirectoryTest {
    @TempDir
    Path disk;

    @Test
    void eachTaskGetsItsOwnNewDirectoryUnderTheConfiguredOneWhichIsCreatedWhenMissing() {
        Path parent = disk.resolve("staging").resolve("lakesink");
        Path first = WorkDirectory.create(parent, "orders-sink", 3);
        Path again = WorkDirectory.create(parent, "orders-sink", 3);
        assertTrue(Files.isDirectory(first));
        assertEquals(parent, first.getParent());
        assertTrue(first.getFileName().toString().startsWith("lakesink-orders-sink-3-"), first.toString());
        assertNotEquals(first, again, "a restarted task must not reuse what a killed one left behind");
    }

    @Test
    void aWorkDirThatIsAFileFailsTheTaskNamingTheKey() throws Exception {
        Path file = Files.writeString(disk.resolve("not-a-dir"), "x");
        ConnectException e = assertThrows(ConnectException.class, () -> WorkDirectory.create(file, "orders-sink", 0));
        assertTrue(e.getMessage().contains("work.dir") && e.getMessage().contains(file.toString()), e.getMessage());
    }
}
