package io.lakesink.plugin;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Connect worker (Kafka's {@code ConnectDistributed}) in a JVM of its own, so that it can be killed as a machine
 * dies: {@link #kill()} is SIGKILL, no shutdown hook, no flush, no goodbye to the group. Its class path is this
 * JVM's minus the test classes; LakeSink reaches it only through {@code plugin.path}. Its output goes to a log file.
 */
final class WorkerProcess {
    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private WorkerProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static WorkerProcess start(String name, Path dir, Map<String, String> workerProps) throws IOException {
        int port = freePort();
        Properties props = new Properties();
        props.putAll(workerProps);
        props.put("listeners", "http://127.0.0.1:" + port);
        Path config = dir.resolve(name + ".properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            props.store(w, "Connect worker " + name);
        }
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.lakesink=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", workerClassPath(),
                "org.apache.kafka.connect.cli.ConnectDistributed", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new WorkerProcess(name, port, log, process);
    }

    String name() {
        return name;
    }

    /** The worker id Connect reports in task statuses. */
    String workerId() {
        return "127.0.0.1:" + port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGKILL: the worker and its tasks vanish mid-whatever, as on a power cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("worker " + name + " (pid " + pid() + ") survived SIGKILL");
        }
    }

    /** SIGTERM: Connect's shutdown hook stops the worker in order. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", " + workerId() + ")";
    }

    /**
     * This JVM's class path without the test classes (whose LakeSink helpers would be a second, partial copy of
     * LakeSink next to the plugin's).
     */
    private static String workerClassPath() {
        String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().toString().equals(testClasses))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
