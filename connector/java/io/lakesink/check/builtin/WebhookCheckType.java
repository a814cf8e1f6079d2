package io.lakesink.check.builtin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.check.Check;
import io.lakesink.check.CheckResult;
import io.lakesink.check.CheckType;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code webhook}: POSTs a JSON description of the commit to {@code url}; a 2xx answer passes, anything else fails
 * with the status and the body. This is how Great Expectations or Monte Carlo style services plug in.
 */
public final class WebhookCheckType implements CheckType {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_SHOWN = 500;

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public ConfigDef configDef() {
        return new ConfigDef()
                .define("url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
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
            String answer = response.body() == null ? "" : response.body();
            if (answer.length() > BODY_SHOWN) {
                answer = answer.substring(0, BODY_SHOWN) + "...";
            }
            int status = response.statusCode();
            return status / 100 == 2 ? CheckResult.pass(name, status, "the webhook answered " + status)
                    : CheckResult.fail(name, status, "the webhook answered " + status + ": " + answer);
        });
    }
}
