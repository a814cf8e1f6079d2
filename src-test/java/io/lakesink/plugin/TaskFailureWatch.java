package io.lakesink.plugin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Watches the connector's status while chaos runs. A FAILED task fails the test unless the fault injected explains
 * it: the only failure a kill or a restart may cause is a zombie instance fenced by its successor (Kafka refuses its
 * transactional control events), which an operator restarts; this watch does the same and logs it. Anything else is
 * kept as unexplained and the test fails on it.
 */
final class TaskFailureWatch {
    private final String connector;
    private final Supplier<WorkerRest> anyWorker;
    private final List<String> explained = new ArrayList<>();
    private final List<String> unexplained = new ArrayList<>();

    TaskFailureWatch(String connector, Supplier<WorkerRest> anyWorker) {
        this.connector = connector;
        this.anyWorker = anyWorker;
    }

    /** Looks at the status every half second until interrupted. */
    void run() throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            lookOnce();
            Thread.sleep(500);
        }
    }

    /** Whether every task is RUNNING (and the connector too), as one worker reports it now. */
    boolean allRunning(int tasks) {
        try {
            JsonNode status = anyWorker.get().status(connector);
            if (!"RUNNING".equals(status.path("connector").path("state").asText())) {
                return false;
            }
            int running = 0;
            for (JsonNode t : status.path("tasks")) {
                running += "RUNNING".equals(t.path("state").asText()) ? 1 : 0;
            }
            return running == tasks && status.path("tasks").size() == tasks;
        } catch (WorkerRest.Busy e) {
            return false;
        }
    }

    synchronized List<String> unexplained() {
        return List.copyOf(unexplained);
    }

    synchronized List<String> explained() {
        return List.copyOf(explained);
    }

    private void lookOnce() {
        JsonNode status;
        WorkerRest worker = anyWorker.get();
        try {
            status = worker.status(connector);
        } catch (WorkerRest.Busy e) {
            return; // a worker that is starting, rebalancing or just killed: ask again in a moment
        }
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
            record(false, "connector failed: " + firstLines(status.path("connector").path("trace").asText()));
        }
        for (JsonNode t : status.path("tasks")) {
            if (!"FAILED".equals(t.path("state").asText())) {
                continue;
            }
            int id = t.path("id").asInt();
            String trace = t.path("trace").asText();
            String what = "task " + id + " on " + t.path("worker_id").asText() + " failed: " + firstLines(trace);
            boolean fenced = trace.contains("ProducerFencedException") || trace.contains("InvalidProducerEpoch");
            record(fenced, what);
            if (fenced) {
                try {
                    worker.restartTask(connector, id);
                } catch (WorkerRest.Busy e) {
                    // restarted on the next look
                }
            }
        }
    }

    private synchronized void record(boolean isExplained, String what) {
        List<String> into = isExplained ? explained : unexplained;
        if (!into.contains(what)) {
            into.add(what);
            System.out.println((isExplained ? "explained (fenced zombie, restarted): " : "UNEXPLAINED: ") + what);
        }
    }

    private static String firstLines(String trace) {
        return String.join(" | ", trace.lines().limit(3).toList());
    }
}
