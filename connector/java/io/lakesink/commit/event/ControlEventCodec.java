package io.lakesink.commit.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Optional;

/**
 * Control events to and from the JSON on the control topic: the one place they are (de)serialised, so every task
 * of one build reads and writes the same way. Reading is lenient in what a rolling upgrade brings (fields and event
 * types of a newer protocol); see {@link ControlEvent} for the rules of change.
 */
public final class ControlEventCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // an event type this build does not know reads as null, i.e. skipped, rather than as unreadable
            .disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
            .build();
    private static final String VERSION = "version";
    private static final String TYPE = "type";

    private ControlEventCodec() {
    }

    public static byte[] encode(ControlEvent event) {
        ObjectNode json = JSON.valueToTree(event);
        if (event.version() == 0) {
            json.remove(VERSION); // tasks from before versioning refuse any field they do not know
        }
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("control events always serialise", e);
        }
    }

    /**
     * The event in {@code json}; empty for an event type this build does not know (a newer protocol's, which it
     * has no part in).
     *
     * @throws IllegalArgumentException when {@code json} is not a control event of any version
     */
    public static Optional<ControlEvent> decode(byte[] json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a control event: " + e.getMessage(), e);
        }
        // without this check a message with no type at all would pass for one of a newer type and go unnoticed
        if (tree == null || !tree.path(TYPE).isTextual()) {
            throw new IllegalArgumentException("not a control event: no \"" + TYPE + "\" in " + tree);
        }
        try {
            return Optional.ofNullable(JSON.treeToValue(tree, ControlEvent.class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a control event: " + e.getMessage(), e);
        }
    }
}
