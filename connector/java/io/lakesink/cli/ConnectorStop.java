package io.lakesink.cli;

import io.lakesink.rollback.ConnectRest;

import java.io.PrintWriter;
import java.time.Duration;

/** Stops a connector through Connect and waits until its tasks are gone, so nothing of it commits meanwhile. */
final class ConnectorStop {
    private final ConnectRest connect;
    private final String connector;
    private final Duration timeout;
    private final PrintWriter progress;

    ConnectorStop(ConnectRest connect, String connector, Duration timeout, PrintWriter progress) {
        this.connect = connect;
        this.connector = connector;
        this.timeout = timeout;
        this.progress = progress;
    }

    /** True when this call stopped it (so the caller resumes it), false when it was stopped already. */
    boolean stop() {
        String before = connect.state(connector);
        if ("STOPPED".equals(before)) {
            return false;
        }
        progress.println("  stopping connector " + connector + " (it is " + before + ")");
        connect.stop(connector);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var status = connect.status(connector);
            if ("STOPPED".equals(status.path("connector").path("state").asText()) && status.path("tasks").isEmpty()) {
                progress.println("  connector " + connector + " stopped");
                return true;
            }
            if (System.nanoTime() > deadline) {
                connect.resume(connector);
                throw new IllegalArgumentException("connector " + connector + " did not stop within " + timeout
                        + "; resumed it, nothing changed");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the connector to stop", e);
            }
        }
    }
}
