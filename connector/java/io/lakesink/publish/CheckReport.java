package io.lakesink.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.check.CheckResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Check results as the {@code lakesink.checks} metadata (JSON) and as one line for logs, and read back. */
public final class CheckReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckReport() {
    }

    /** One check's outcome as the metadata records it. */
    public record Outcome(String name, CheckResult.Outcome outcome, String message) {
        public boolean passed() {
            return outcome == CheckResult.Outcome.PASSED;
        }
    }

    /**
     * The outcomes a {@code lakesink.checks} value records; none for null or blank.
     *
     * @throws IllegalArgumentException when the value is not the JSON this class writes
     */
    public static List<Outcome> read(String checksJson) {
        if (checksJson == null || checksJson.isBlank()) {
            return List.of();
        }
        try {
            List<Outcome> out = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode r : JSON.readTree(checksJson)) {
                out.add(new Outcome(r.path("name").asText(), CheckResult.Outcome.ofWord(r.path("outcome").asText()),
                        r.path("message").asText()));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(PublishMetadata.CHECKS + " is not a list of check results: "
                    + checksJson, e);
        }
    }

    public static String json(List<CheckResult> results) {
        List<Map<String, Object>> out = results.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.check());
            m.put("outcome", r.outcome().word());
            m.put("figure", Double.isNaN(r.figure()) ? null : r.figure());
            m.put("message", r.message());
            return m;
        }).toList();
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("check results always serialise", e);
        }
    }

    /**
     * The checks that did not pass in one line: {@code name: message; name (could not run): message}, so that a
     * reader tells a check that found bad data from one that is itself broken.
     */
    public static String failures(List<CheckResult> results) {
        return results.stream().filter(r -> !r.passed())
                .map(r -> r.check() + (r.couldNotRun() ? " (could not run)" : "") + ": " + r.message())
                .collect(Collectors.joining("; "));
    }
}
