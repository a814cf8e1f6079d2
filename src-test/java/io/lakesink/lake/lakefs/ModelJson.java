package io.lakesink.lake.lakefs;

import com.google.gson.JsonParseException;
import io.lakefs.clients.sdk.JSON;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * Request and response bodies of the test server, read and written only through the SDK's generated models. The
 * models' type adapters reject a body that misses a required field or has a field of the wrong type; a field the
 * API does not define is kept aside by the model, and is refused here as well, so a misspelt field cannot pass.
 */
final class ModelJson {
    private ModelJson() {
    }

    /** A request body as the model {@code type}; {@link ProtocolViolation} when the real API would not accept it. */
    static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new ProtocolViolation("empty request body where the API wants a " + type.getSimpleName());
        }
        T model;
        try {
            model = JSON.getGson().fromJson(body, type);
        } catch (IllegalArgumentException | JsonParseException e) {
            throw new ProtocolViolation("request body is not a valid " + type.getSimpleName() + ": " + e.getMessage());
        }
        refuseUnknownFields(model, "request " + type.getSimpleName());
        return model;
    }

    /** A response body; serialized, then read back through the model to prove a client could read it. */
    static String write(Object model) {
        String json = JSON.getGson().toJson(model);
        try {
            JSON.getGson().fromJson(json, model.getClass());
        } catch (IllegalArgumentException | JsonParseException e) {
            throw new ProtocolViolation("test server wrote an invalid " + model.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
        refuseUnknownFields(model, "response " + model.getClass().getSimpleName());
        return json;
    }

    private static void refuseUnknownFields(Object model, String what) {
        try {
            Method m = model.getClass().getMethod("getAdditionalProperties");
            Object extra = m.invoke(model);
            if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                throw new ProtocolViolation(what + " has fields the lakeFS API does not define: " + map.keySet());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("every generated lakeFS model has getAdditionalProperties", e);
        }
    }
}
