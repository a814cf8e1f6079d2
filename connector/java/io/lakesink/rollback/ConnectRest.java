package io.lakesink.rollback;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.TopicPartition;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The parts of the Kafka Connect REST API an operator's command needs: a connector's config and state, stop,
 * resume, and altering a stopped sink connector's consumer offsets (KIP-875, Kafka 3.6+).
 */
public final class ConnectRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;

    public ConnectRest(String baseUrl, String user, String password, SSLContext ssl, Duration timeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
        this.timeout = timeout;
    }

    public URI url() {
        return base;
    }

    public Map<String, String> config(String connector) {
        return JSON.convertValue(call("GET", path(connector) + "/config", null, connector), new TypeReference<>() { });
    }

    /** The connector's state: RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED. */
    public String state(String connector) {
        return status(connector).path("connector").path("state").asText();
    }

    public JsonNode status(String connector) {
        return call("GET", path(connector) + "/status", null, connector);
    }

    public void stop(String connector) {
        call("PUT", path(connector) + "/stop", null, connector);
    }

    public void resume(String connector) {
        call("PUT", path(connector) + "/resume", null, connector);
    }

    /** Sets a stopped sink connector's consumer offsets; a null offset removes the partition's offset. */
    public void alterSinkOffsets(String connector, Map<TopicPartition, Long> offsets) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("offsets");
        offsets.forEach((tp, offset) -> {
            ObjectNode o = list.addObject();
            o.putObject("partition").put("kafka_topic", tp.topic()).put("kafka_partition", tp.partition());
            if (offset == null) {
                o.putNull("offset");
            } else {
                o.putObject("offset").put("kafka_offset", offset);
            }
        });
        call("PATCH", path(connector) + "/offsets", body, connector);
    }

    private static String path(String connector) {
        return "connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, JsonNode body, String connector) {
        URI uri = base.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RollbackException("cannot reach the Kafka Connect REST API at " + base + " (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted while calling the Kafka Connect REST API at " + base, e);
        }
        int status = response.statusCode();
        if (status == 404) {
            throw new RollbackException("connector '" + connector + "' does not exist at " + base
                    + " (" + message(response) + ")");
        }
        if (status == 401 || status == 403) {
            throw new RollbackException("the Kafka Connect REST API at " + base + " refused the credentials (HTTP "
                    + status + "): check --connect-user/--connect-password");
        }
        if (status >= 300) {
            throw new RollbackException(method + " " + uri + " failed with HTTP " + status + ": " + message(response));
        }
        try {
            return response.body() == null || response.body().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RollbackException(method + " " + uri + " answered with something that is not JSON: "
                    + response.body(), e);
        }
    }

    private static String message(HttpResponse<String> response) {
        try {
            JsonNode n = JSON.readTree(response.body());
            return n.hasNonNull("message") ? n.get("message").asText() : response.body();
        } catch (IOException | RuntimeException e) {
            return response.body();
        }
    }
}
