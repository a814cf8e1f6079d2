package io.lakesink.lake.lakefs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps "METHOD /path/{variable}/..." templates of the lakeFS API to handlers. */
final class Router {
    interface Handler {
        void handle(ApiExchange exchange) throws Exception;
    }

    record Match(Handler handler, Map<String, String> variables) {
    }

    private record Route(String method, Pattern pattern, List<String> names, Handler handler) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
    private final List<Route> routes = new ArrayList<>();

    void add(String method, String template, Handler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(template);
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("$");
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler));
    }

    /** The handler of a request (path relative to the API base, still percent-encoded), or null. */
    Match find(String method, String rawPath) {
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(rawPath);
            if (r.method().equals(method) && m.matches()) {
                Map<String, String> vars = new HashMap<>();
                for (int i = 0; i < r.names().size(); i++) {
                    vars.put(r.names().get(i), ApiExchange.percentDecode(m.group(i + 1), false));
                }
                return new Match(r.handler(), vars);
            }
        }
        return null;
    }

    /** True when some route has this path under another method (lakeFS then answers 405). */
    boolean knowsPath(String rawPath) {
        return routes.stream().anyMatch(r -> r.pattern().matcher(rawPath).matches());
    }
}
