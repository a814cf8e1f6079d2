package io.lakesink.lake.lakefs;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One request to the test server: decoded path variables and query, the body, and ways to answer. */
final class ApiExchange {
    private final HttpExchange http;
    private final Map<String, String> pathVariables;
    private final Map<String, List<String>> query;
    private boolean answered;
    private Runnable beforeAnswer = () -> { };

    ApiExchange(HttpExchange http, Map<String, String> pathVariables) {
        this.http = http;
        this.pathVariables = pathVariables;
        this.query = parseQuery(http.getRequestURI().getRawQuery());
    }

    String method() {
        return http.getRequestMethod();
    }

    String rawPath() {
        return http.getRequestURI().getRawPath();
    }

    String path(String name) {
        return pathVariables.get(name);
    }

    /** A query parameter, or null. */
    String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A required query parameter; lakeFS answers 400 without it. */
    String requiredQuery(String name) {
        String v = query(name);
        if (v == null) {
            throw new ProtocolViolation("query parameter '" + name + "' is required");
        }
        return v;
    }

    boolean queryFlag(String name) {
        String v = query(name);
        if (v == null) {
            return false;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new ProtocolViolation("query parameter '" + name + "' must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    InputStream body() {
        return http.getRequestBody();
    }

    String bodyText() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            http.getRequestBody().transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean answered() {
        return answered;
    }

    /** Runs just before the answer goes out, after the handler did its work (to hold an answer back). */
    void beforeAnswer(Runnable hook) {
        this.beforeAnswer = hook;
    }

    void json(int status, Object model) {
        send(status, "application/json", ModelJson.write(model).getBytes(StandardCharsets.UTF_8));
    }

    void text(int status, String contentType, String text) {
        send(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    void noContent() {
        answered = true;
        beforeAnswer.run();
        try {
            http.sendResponseHeaders(204, -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void header(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    void stream(int status, String contentType, long length, InputStream content) {
        answered = true;
        beforeAnswer.run();
        http.getResponseHeaders().set("Content-Type", contentType);
        try (content; OutputStream out = http.getResponseBody()) {
            http.sendResponseHeaders(status, length);
            content.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(int status, String contentType, byte[] body) {
        answered = true;
        beforeAnswer.run();
        http.getResponseHeaders().set("Content-Type", contentType);
        try (OutputStream out = http.getResponseBody()) {
            http.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Query strings decode as Go's {@code url.ParseQuery} does ('+' is a space), which is what lakeFS uses. */
    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.computeIfAbsent(percentDecode(k, true), x -> new ArrayList<>()).add(percentDecode(v, true));
        }
        return out;
    }

    static String percentDecode(String s, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
