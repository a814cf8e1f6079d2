package io.lakesink.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Connect's REST API on one worker, as an operator's script calls it. Connect answers 409 while its workers rebalance
 * and forwards to a leader that may have just died; callers retry on {@link Busy}.
 */
final class WorkerRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The worker could not answer now (rebalancing, starting, gone): try again, or ask another worker. */
    static final class Busy extends Exception {
        Busy(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String url;

    WorkerRest(String url) {
        this.url = url;
    }

    boolean ready() {
        try {
            return send(HttpRequest.newBuilder(URI.create(url + "/")).GET()).statusCode() == 200;
        } catch (Busy e) {
            return false;
        }
    }

    void putConnector(String name, Map<String, String> config) throws Busy {
        expectOk(send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(config)))));
    }

    JsonNode status(String connector) throws Busy {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + connector + "/status"))
                .GET());
        expectOk(r);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable status: " + r.body(), e);
        }
    }

    void restartTask(String connector, int task) throws Busy {
        expectOk(send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + connector + "/tasks/" + task
                + "/restart")).POST(HttpRequest.BodyPublishers.noBody())));
    }

    void restartConnectorAndTasks(String connector) throws Busy {
        expectOk(send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + connector
                + "/restart?includeTasks=true&onlyFailed=false")).POST(HttpRequest.BodyPublishers.noBody())));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Busy {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Busy(url + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void expectOk(HttpResponse<String> r) throws Busy {
        int status = r.statusCode();
        if (status / 100 == 2) {
            return;
        }
        // 409: rebalancing; 500 with a timeout or a request forwarded to a dead leader; 404 before the config landed
        if (status == 409 || status == 500 || status == 503 || status == 404) {
            throw new Busy(r.request().method() + " " + r.uri() + " answered " + status + ": " + r.body(), null);
        }
        throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + status + ": " + r.body());
    }

    private static String json(Map<String, String> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
