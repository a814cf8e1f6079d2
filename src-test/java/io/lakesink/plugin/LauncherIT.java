package io.lakesink.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built {@code lakesink} launcher runs the CLI jar beside it, as the docs tell an operator to use it. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("lakesink.launcher"));

    @Test
    void theLauncherIsExecutableAndRunsTheCliOfItsVersion() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " must be executable");
        assertEquals("lakesink " + System.getProperty("lakesink.version"), run(LAUNCHER, "--version").strip());
        String help = run(LAUNCHER, "--help");
        assertTrue(help.contains("Usage: lakesink") && help.contains("rollback"), help);
    }

    /** Installed as the docs say: a symbolic link on the PATH, called from another directory. */
    @Test
    void theLauncherWorksThroughASymbolicLink(@TempDir Path bin) throws Exception {
        Path link = Files.createSymbolicLink(bin.resolve("lakesink"), LAUNCHER.toAbsolutePath());
        assertEquals("lakesink " + System.getProperty("lakesink.version"), run(link, "--version").strip());
    }

    private static String run(Path launcher, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(Files.createTempDirectory("lakesink-launcher-cwd").toFile());
        // the java running this test, as an operator's JAVA_HOME would name it
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
