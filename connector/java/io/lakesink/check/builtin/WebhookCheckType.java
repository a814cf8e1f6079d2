package io.lakesink.check.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.check.Check;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckType;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code webhook}: POSTs a JSON description of the commit to {@code url}; a 2xx answer passes, anything else fails
 * with the status and a short reason. This is how Great Expectations or Monte Carlo style services plug in.
 *
 * <p>The answer's body is never kept as it is: a service can echo the request, headers included, and the check's
 * message goes to logs, to the audit branch and into commit metadata. Only a JSON {@code message} or
 * {@code reason} field is taken, cut short, with anything that looks like our own credential blanked out.
 */
public final class WebhookCheckType implements CheckType {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REASON_CHARS = 200;

    private static final ConfigDef.Validator HTTP_URL = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String problem = urlProblem((String) value);
            if (problem != null) {
                throw new ConfigException(name, value, problem);
            }
        }

        @Override
        public String toString() {
            return "an http or https URL";
        }
    };

    static String urlProblem(String value) {
        if (value == null || value.isBlank()) {
            return "the webhook URL is empty";
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            return "'" + value + "' is not a URL: " + e.getMessage();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "the webhook URL must be http or https, not '" + value + "'";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "the webhook URL '" + value + "' names no host";
        }
        return null;
    }

    /** A JSON answer's own {@code message} or {@code reason}, short and without our credential; else null. */
    static String reasonOf(String body, String credential) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String reason;
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode field = json == null || !json.isObject() ? null
                    : json.hasNonNull("message") ? json.get("message") : json.get("reason");
            reason = field == null || !field.isValueNode() ? null : field.asText();
        } catch (IOException notJson) {
            return null;
        }
        if (reason == null || reason.isBlank()) {
            return null;
        }
        if (credential != null && !credential.isBlank()) {
            reason = reason.replace(credential, "[redacted]");
            String[] parts = credential.trim().split("\\s+");
            String token = parts[parts.length - 1];
            if (token.length() >= 8) {
                reason = reason.replace(token, "[redacted]");
            }
        }
        reason = reason.replaceAll("\\s+", " ").trim();
        return reason.length() > REASON_CHARS ? reason.substring(0, REASON_CHARS) + "..." : reason;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public ConfigDef configDef() {
        return new ConfigDef()
                .define("url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, HTTP_URL, Importance.HIGH,
                        "Where to POST the commit's description (JSON: repository, commit, main commit, offsets,"
                                + " topics, new files, metadata).")
                .define("timeout.ms", Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "How long to wait for the answer; no answer in time fails the check.")
                .define("authorization", Type.PASSWORD, null, Importance.LOW,
                        "Value of the Authorization header, if the service needs one (never logged).");
    }

    @Override
    public Check create(String name, AbstractConfig config) {
        URI url = URI.create(config.getString("url"));
        Duration timeout = Duration.ofMillis(config.getLong("timeout.ms"));
        var authorization = config.getPassword("authorization");
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        return Check.named(name, context -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("repository", context.repository());
            body.put("commit", context.commitId());
            body.put("main_commit", context.mainCommitId());
            body.put("offsets", JSON.readTree(context.offsets().toJson()));
            body.put("topics", context.topics());
            body.put("files", context.newObjectPaths());
            body.put("metadata", context.commitMetadata());
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (authorization != null) {
                request.header("Authorization", authorization.value());
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return CheckResult.fail(name, Double.NaN, "the webhook at " + url + " did not answer: " + e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return CheckResult.pass(name, status, "the webhook answered " + status);
            }
            String reason = reasonOf(response.body(), authorization == null ? null : authorization.value());
            return CheckResult.fail(name, status, "the webhook answered " + status
                    + (reason == null ? "" : ": " + reason));
        });
    }
}
