package io.lakesink.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.cli.LakeSinkCli;
import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.publish.AuditLog;
import io.lakesink.publish.PublishMetadata;
import io.lakesink.quarantine.QuarantineEntries;
import io.lakesink.quarantine.QuarantineEntry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one-command demo on the embedded default: an in-JVM Kafka broker and Connect worker run LakeSink into a lake
 * in a local directory; a shop's orders and customers stream in; a bad batch is caught by a check and quarantined
 * while main goes on with good data; a stretch the checks miss is rolled back by offset with the CLI; a summary
 * and the commands to explore the result end it. Worker logs go to a file beside the lake.
 */
public final class Demo {
    private static final Path EXAMPLE = Path.of("config-examples", "multi-topic-checks-sink.json");
    private static final String CONNECTOR = "shop-lakesink";
    private static final String REPO = "shop";
    private static final String MARKER = ".lakesink-demo";
    private static final long WAIT_MS = 180_000;

    private final Path dir;
    private final PrintStream out;
    private EmbeddedConnectCluster connect;
    private EmbeddedLake lake;
    private LakeWatcher watcher;
    private Path configFile;
    private long started;

    Demo(Path dir, PrintStream out) {
        this.dir = dir.toAbsolutePath().normalize();
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/lakesink-demo");
        prepare(dir);
        // Kafka's and Connect's own logs go to a file: the console tells the story
        System.setProperty("org.slf4j.simpleLogger.logFile", dir.resolve("worker.log").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        Demo demo = new Demo(dir, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::stop, "demo-shutdown"));
        int exit = 0;
        try {
            demo.run();
        } catch (Exception | AssertionError e) {
            System.err.println("\nThe demo stopped: " + e.getMessage() + "\nWorker logs: " + dir.resolve("worker.log"));
            exit = 1;
        } finally {
            demo.stop();
        }
        System.exit(exit);
    }

    /** A fresh directory each run; refuses to wipe a directory the demo did not create. */
    static void prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean ours = Files.exists(dir.resolve(MARKER));
            try (Stream<Path> entries = Files.list(dir)) {
                if (!ours && entries.findAny().isPresent()) {
                    throw new IOException(dir + " exists and was not made by the demo: choose another directory");
                }
            }
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by the LakeSink demo; deleted on the next run\n");
    }

    void run() throws Exception {
        started = System.nanoTime();
        out.println("LakeSink demo: Kafka -> ingest branch -> checks -> main, and a rollback by offset");
        out.println("  lake directory: " + dir.resolve("lake") + "   worker logs: " + dir.resolve("worker.log"));
        step("Starting a Kafka broker and a Connect worker in this JVM");
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        connect = new EmbeddedConnectCluster.Builder().name("lakesink-demo").numWorkers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "1000"))).brokerProps(broker).build();
        connect.start();
        connect.kafka().createTopic(ShopEvents.ORDERS, ShopEvents.ORDER_PARTITIONS);
        connect.kafka().createTopic(ShopEvents.CUSTOMERS, 1);
        out.println("  broker " + connect.kafka().bootstrapServers() + ", Connect REST " + connectUrl());

        step("Starting the connector from " + EXAMPLE + " (checks: positive_amounts, customer_emails, batch_size;"
                + " on failure: quarantine)");
        Map<String, String> config = connectorConfig();
        connect.configureConnector(CONNECTOR, config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 2, "the connector did not start");
        out.println("  connector " + CONNECTOR + " running with 2 tasks; commits every "
                + config.get("commit.interval.ms") + " ms");

        lake = EmbeddedLake.open(dir.resolve("lake"));
        watcher = new LakeWatcher(lake, REPO, out);
        Thread watching = new Thread(watcher, "lake-watcher");
        watching.setDaemon(true);
        watching.start();

        try (ShopEvents shop = new ShopEvents(connect.kafka().bootstrapServers())) {
            step("Good data: 3 rounds of 300 orders and 30 customers");
            for (int round = 0; round < 3; round++) {
                shop.goodRound(300, 30);
                awaitOffsets("main", shop.producedOffsets());
            }

            step("A round of 300 good orders with 25 negative amounts spread among them");
            shop.roundWithNegativeAmounts(300, 25);
            awaitCheckFailure();
            out.println("  Only the 25 rows the check named are set aside; the 300 good orders of the same commits"
                    + " reach main:");
            awaitOffsets("main", shop.producedOffsets());
            operator("quarantine", "list", "--config", configFile.toString());
            List<QuarantineEntry> waiting = new QuarantineEntries(lake, REPO, "ingest", "main", "topics").list().stream()
                    .filter(e -> e.state() == QuarantineEntry.State.WAITING).toList();
            operator("quarantine", "show", waiting.get(0).branch(), "--rows", "5", "--config", configFile.toString());

            step("Finance says the negative amounts are refunds that belong on main: the operator releases them");
            for (QuarantineEntry e : waiting) {
                operator("quarantine", "release", e.branch(), "--force", "--reason", "refunds, approved by finance",
                        "--operator", "demo", "--config", configFile.toString());
            }
            out.println("  A second release (a double click) is refused, so the refunds are on main once:");
            operatorRefused("quarantine", "release", waiting.get(0).branch(), "--force", "--reason", "again",
                    "--config", configFile.toString());
            out.println("  ... and good data goes on reaching main:");
            shop.goodRound(200, 20);
            awaitOffsets("main", shop.producedOffsets());

            step("A stretch the checks miss: 60 orders in currency XXX on orders partition 0");
            TopicPartition p0 = new TopicPartition(ShopEvents.ORDERS, 0);
            long badFrom = shop.next(p0);
            shop.unknownCurrency(60);
            long badTo = shop.next(p0);
            shop.goodRound(200, 20);
            awaitOffsets("main", shop.producedOffsets());
            out.println("  Main now has orders in XXX; consumers are paged. The operator looks:");
            operator("query", "main", "SELECT currency, count(*) AS orders, round(sum(amount), 2) AS amount"
                    + " FROM orders GROUP BY currency ORDER BY currency", "--config", configFile.toString());

            step("Rollback by offset: back to before orders:0:" + badFrom + ", skipping the stretch up to " + badTo);
            String to = ShopEvents.ORDERS + ":0:" + badFrom;
            String skip = ShopEvents.ORDERS + ":0:" + badTo;
            operator("rollback", "--to-offset", to, "--skip-to-offset", skip, "--config", configFile.toString(),
                    "--connect-url", connectUrl());
            operator("rollback", "--to-offset", to, "--skip-to-offset", skip, "--config", configFile.toString(),
                    "--connect-url", connectUrl(), "--yes", "--reason", "orders in unknown currency XXX",
                    "--operator", "demo");
            out.println("  The connector re-reads what came after the rollback point (except the skipped stretch):");
            awaitOffsets("main", shop.producedOffsets());

            step("More good data after the fix: 100 orders, 10 customers");
            shop.goodRound(100, 10);
            awaitOffsets("main", shop.producedOffsets());
            summary(shop, badTo - badFrom);
        }
    }

    private Map<String, String> connectorConfig() throws IOException {
        if (!Files.exists(EXAMPLE)) {
            throw new IOException(EXAMPLE + " not found: run the demo from the LakeSink checkout's top directory");
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, String> config = json.convertValue(json.readTree(EXAMPLE.toFile()).get("config"),
                new TypeReference<>() { });
        config.put("lake.embedded.path", dir.resolve("lake").toString());
        config.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        config.put("commit.interval.ms", "2000");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        configFile = dir.resolve(CONNECTOR + ".json");
        Map<String, Object> posted = new LinkedHashMap<>();
        posted.put("name", CONNECTOR);
        posted.put("config", config);
        json.writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), posted);
        return config;
    }

    private void summary(ShopEvents shop, long skipped) {
        watcher.poll();
        step("Summary");
        long failures = new AuditLog(lake, REPO, "main").entries().stream()
                .filter(e -> PublishMetadata.CHECK_FAILED.equals(e.kind())).count();
        OffsetMap onMain = CommitMetadata.offsetsAt(lake, REPO, "main");
        long ordersProduced = shop.producedOffsets().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(ShopEvents.ORDERS)).mapToLong(Map.Entry::getValue).sum();
        out.printf("  %d ingest commits, %d publishes to main, %d check failure(s) quarantined (25 rows, released),"
                + " 1 rollback%n", watcher.ingestCommits(), watcher.publishes(), failures);
        out.println("  offsets on main: " + onMain.compact());
        out.printf("  orders produced: %d; expected on main: %d (%d skipped by the rollback; the 25 refunds"
                + " released once)%n", ordersProduced, ordersProduced - skipped, skipped);
        operator("query", "main", "SELECT 'orders' AS topic, count(*) AS rows, count(DISTINCT (_kafka_partition,"
                + " _kafka_offset)) AS distinct_offsets, count(*) FILTER (WHERE currency = 'XXX') AS bad_rows,"
                + " count(*) FILTER (WHERE amount <= 0) AS refunds FROM orders UNION ALL SELECT 'customers', count(*),"
                + " count(DISTINCT (_kafka_partition, _kafka_offset)), count(*) FILTER (WHERE email IS NULL), 0"
                + " FROM customers", "--config", configFile.toString());
        operator("log", "main", "-n", "6", "--config", configFile.toString());
        out.printf("%nDone in %.0f s. Explore the lake with the CLI (build it once: mvn -q package -DskipTests):%n",
                (System.nanoTime() - started) / 1e9);
        String cli = "target/lakesink";
        String c = " --config " + configFile;
        for (String command : List.of("log main" + c, "log ingest" + c, "status" + c,
                "query main \"SELECT customer_id, count(*) AS orders FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT 5\"" + c,
                "ls main topics/orders/" + c, "log " + AuditLog.BRANCH + c)) {
            out.println("  " + cli + " " + command);
        }
    }

    /** Runs a CLI command in this JVM as an operator would type it, showing the command and its output. */
    private void operator(String... args) {
        int exit = lakesink(new PrintWriter(System.err, true), args);
        if (exit != 0) {
            throw new IllegalStateException("lakesink " + args[0] + " exited with " + exit);
        }
    }

    /** Runs a CLI command that must be refused (exit 1), showing it and what it says. */
    private void operatorRefused(String... args) {
        int exit = lakesink(null, args);
        if (exit != LakeSinkCli.REFUSED) {
            throw new IllegalStateException("lakesink " + args[0] + " was expected to be refused but exited with " + exit);
        }
    }

    /** Shows the command, runs it and returns its exit code; {@code err} null: errors go to the demo's output. */
    private int lakesink(PrintWriter err, String... args) {
        out.println("\n  $ lakesink " + Stream.of(args).map(a -> a.contains(" ") ? "\"" + a + "\"" : a)
                .collect(Collectors.joining(" ")));
        PrintWriter console = new PrintWriter(out, true);
        int exit = LakeSinkCli.run(console, err == null ? console : err, args);
        console.flush();
        out.println();
        return exit;
    }

    private void awaitOffsets(String branch, Map<TopicPartition, Long> wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            watcher.poll();
            OffsetMap at = CommitMetadata.offsetsAt(lake, REPO, branch);
            List<String> behind = new ArrayList<>();
            wanted.forEach((tp, next) -> {
                if (at.get(tp).orElse(0L) < next) {
                    behind.add(tp + " at " + at.get(tp).orElse(0L) + " of " + next);
                }
            });
            if (behind.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(branch + " did not reach the produced offsets in " + WAIT_MS / 1000
                        + " s: " + behind);
            }
            Thread.sleep(200);
        }
    }

    private void awaitCheckFailure() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (new AuditLog(lake, REPO, "main").entries().stream()
                .noneMatch(e -> PublishMetadata.CHECK_FAILED.equals(e.kind()))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no check failed on the bad batch");
            }
            Thread.sleep(200);
        }
        watcher.poll();
    }

    private String connectUrl() {
        String connectors = connect.endpointForResource("connectors");
        return connectors.substring(0, connectors.length() - "connectors".length());
    }

    private void step(String title) {
        out.printf("%n[%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, title);
    }

    synchronized void stop() {
        if (watcher != null) {
            watcher.stop();
            watcher = null;
        }
        if (connect != null) {
            EmbeddedConnectCluster c = connect;
            connect = null;
            out.println("Stopping the Connect worker and the broker...");
            c.stop();
        }
        if (lake != null) {
            lake.close();
            lake = null;
        }
    }
}
