package io.lakesink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The {@code lakesink.checks} metadata in a few words: "3 passed", "1 failed: row-count (...)". */
final class CheckOutcomes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckOutcomes() {
    }

    static String summary(String checksJson) {
        if (checksJson == null || checksJson.isBlank()) {
            return "-";
        }
        try {
            int passed = 0;
            List<String> failed = new ArrayList<>();
            for (JsonNode r : JSON.readTree(checksJson)) {
                if ("failed".equals(r.path("outcome").asText())) {
                    failed.add(r.path("name").asText() + " (" + r.path("message").asText() + ")");
                } else {
                    passed++;
                }
            }
            return failed.isEmpty() ? passed + " passed" : failed.size() + " failed: " + String.join("; ", failed);
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
