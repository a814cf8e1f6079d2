package io.lakesink.lake.lakefs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lakefs.clients.sdk.model.Error;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LakePreconditionFailedException;
import io.lakesink.lake.LakeUnavailableException;
import io.lakesink.lake.embedded.EmbeddedLake;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small lakeFS API server for tests: exactly the endpoints {@link LakeFsLake} calls, over an {@link EmbeddedLake},
 * answering with lakeFS's status codes and {@code {"message": ...}} error bodies. Every request body is read and
 * every response written through the SDK's generated models ({@link ModelJson}); a request the real API would refuse
 * is answered 400 and recorded in {@link #violations()}, which the tests check.
 */
public final class LakeFsTestServer implements AutoCloseable {
    static final String API_PREFIX = "/api/v1";
    private static final Pattern QUOTED_BRANCH = Pattern.compile("branch '([^']+)'");

    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm on, each answer then
        // waits for the client's delayed ACK (~40 ms). Read once, when the first JDK HTTP server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer http;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lakefs-test-server");
        t.setDaemon(true);
        return t;
    });
    private final EmbeddedLake lake;
    private final String expectedAuthorization;
    private final Router router = new Router();
    private final ObjectRoutes objects;
    private final ServerFaults faults = new ServerFaults();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private LakeFsTestServer(Path dir, String accessKeyId, String secretAccessKey, boolean presign, Clock clock)
            throws IOException {
        this.lake = EmbeddedLake.open(dir);
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((accessKeyId + ":" + secretAccessKey).getBytes(StandardCharsets.UTF_8));
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        LocalBlockstore blockstore = new LocalBlockstore(lake.root().resolve("objects"));
        ServerModels models = new ServerModels(blockstore);
        new RepositoryRoutes(lake, models, presign).register(router);
        objects = new ObjectRoutes(lake, models, blockstore, presign, base, new LinkAddressSigner(clock));
        objects.register(router);
        new HistoryRoutes(lake, models).register(router);
        new MergeRoutes(lake).register(router);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    /** A server over a new embedded lake in {@code dir}, on a free loopback port. */
    public static LakeFsTestServer start(Path dir, String accessKeyId, String secretAccessKey, boolean presign) {
        return start(dir, accessKeyId, secretAccessKey, presign, Clock.systemUTC());
    }

    /** As above, telling the age of link addresses by {@code clock}, which a test may move past their expiry. */
    static LakeFsTestServer start(Path dir, String accessKeyId, String secretAccessKey, boolean presign, Clock clock) {
        try {
            return new LakeFsTestServer(dir, accessKeyId, secretAccessKey, presign, clock);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the lakeFS test server: " + e, e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + API_PREFIX;
    }

    /** The directory of the server's {@code local} blockstore, as {@link LakeFsSettings#localBlockstoreRoot()} wants it. */
    Path blockstoreRoot() {
        return lake.root().resolve("objects");
    }

    /** The embedded lake the server answers from: the same repositories without HTTP, to build large fixtures fast. */
    EmbeddedLake backingLake() {
        return lake;
    }

    ServerFaults faults() {
        return faults;
    }

    /** Requests the real lakeFS API would refuse, and answers this server got wrong. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** "METHOD /path" of every request so far, API paths without the {@value #API_PREFIX} prefix. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    long count(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return requests.stream().filter(r -> r.startsWith(method + " ") && p.matcher(r.substring(method.length() + 1))
                .find()).count();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        lake.close();
    }

    private void handle(HttpExchange raw) {
        String method = raw.getRequestMethod();
        String path = raw.getRequestURI().getRawPath();
        requests.add(method + " " + (path.startsWith(API_PREFIX + "/") ? path.substring(API_PREFIX.length()) : path));
        ApiExchange ex = new ApiExchange(raw, java.util.Map.of());
        try {
            if (path.startsWith(ObjectRoutes.PRESIGNED_PREFIX) && method.equals("PUT")) {
                objects.presignedPut(ex, path.substring(ObjectRoutes.PRESIGNED_PREFIX.length()));
                return;
            }
            if (!path.startsWith(API_PREFIX + "/")) {
                error(ex, 404, "not found: the lakeFS API is under " + API_PREFIX);
                return;
            }
            String apiPath = path.substring(API_PREFIX.length());
            if (!expectedAuthorization.equals(raw.getRequestHeaders().getFirst("Authorization"))) {
                error(ex, 401, "error authenticating request");
                return;
            }
            ServerFaults.Injected injected = faults.errorFor(method, apiPath);
            if (injected != null) {
                error(ex, injected.status(), injected.message());
                return;
            }
            faults.interlope(method, apiPath);
            Router.Match match = router.find(method, apiPath);
            if (match == null) {
                boolean known = router.knowsPath(apiPath);
                violations.add(method + " " + path + ": " + (known ? "method not allowed" : "no such lakeFS endpoint"));
                error(ex, known ? 405 : 404, known ? "method not allowed" : "path not found");
                return;
            }
            ApiExchange routed = new ApiExchange(raw, match.variables());
            Duration delay = faults.delayFor(method, apiPath);
            if (delay != null) {
                routed.beforeAnswer(() -> sleep(delay));
            }
            match.handler().handle(routed);
            if (!routed.answered()) {
                violations.add(method + " " + path + ": the test server did not answer");
                error(ex, 500, "no answer");
            }
        } catch (Throwable t) {
            answerError(ex, method + " " + path, t);
        } finally {
            raw.close();
        }
    }

    /**
     * lakeFS's answers: a {@link LakeFsApiError} as it is (routes throw one where lakeFS's rule is not the embedded
     * lake's), and otherwise lakeFS's status code for the embedded lake's typed error.
     */
    private void answerError(ApiExchange ex, String request, Throwable t) {
        if (ex.answered()) {
            return; // failed while streaming a body: the client sees a cut connection
        }
        if (t instanceof LakeFsApiError lakeFs) {
            if (lakeFs.body() == null) {
                error(ex, lakeFs.status(), lakeFs.getMessage());
            } else {
                ex.json(lakeFs.status(), lakeFs.body());
            }
        } else if (t instanceof ProtocolViolation v) {
            violations.add(request + ": " + v.getMessage());
            error(ex, 400, v.getMessage());
        } else if (t instanceof LakeNotFoundException) {
            error(ex, 404, t.getMessage());
        } else if (t instanceof LakeConflictException c) {
            if (c.getMessage().contains("uncommitted changes")) {
                Matcher m = QUOTED_BRANCH.matcher(c.getMessage());
                error(ex, 400, (m.find() ? m.group(1) : "branch") + ": uncommitted changes (dirty branch)");
            } else if (!c.conflictingPaths().isEmpty()) {
                error(ex, 409, "conflict found"); // lakeFS names no paths
            } else {
                error(ex, 409, c.getMessage());
            }
        } else if (t instanceof LakePreconditionFailedException) {
            error(ex, 412, t.getMessage());
        } else if (t instanceof LakeInvalidArgumentException) {
            error(ex, 400, t.getMessage());
        } else if (t instanceof LakeUnavailableException) {
            error(ex, 503, t.getMessage());
        } else {
            violations.add(request + ": test server failed: " + t);
            error(ex, 500, "internal error: " + t);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void error(ApiExchange ex, int status, String message) {
        try {
            ex.json(status, new Error().message(message));
        } catch (RuntimeException ignored) {
            // the client went away
        }
    }
}
