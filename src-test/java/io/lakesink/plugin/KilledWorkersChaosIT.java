package io.lakesink.plugin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesink.connect.HelperThreads;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Exactly-once on main while machines die: three Connect workers in JVMs of their own run the packaged plugin with
 * four tasks and publishing on; while records stream in, workers are SIGKILLed (among them the one running the
 * coordinator, whatever it is doing at that moment), tasks and the connector are restarted through REST and the lake
 * is held locked by "another process". Each fault lands in its own slice of the stream, so they are spread over all
 * of it. At the end main and ingest hold every offset of every partition exactly once (read back with DuckDB), their
 * heads say so, and every commit on main was published by a passed check. A task failure the faults do not explain
 * fails the test, and so does any exception in the test's own threads.
 * Replay a run with {@code -Dlakesink.chaos.seed=<seed>} (printed first); the workers' logs are kept in the printed
 * directory.
 */
class KilledWorkersChaosIT {
    private static final String TOPIC = "chaos";
    private static final String CONNECTOR = "chaos-sink";
    private static final String REPO = "chaos";
    private static final int PARTITIONS = 6;
    private static final int TASKS = 4;
    private static final int WORKERS = 3;
    /** Records per 100 ms. */
    private static final int RECORDS_PER_TICK = 40;
    /** How long the faults take to land, at their planned moments; the stream goes on until after the last. */
    private static final long FAULTS_MILLIS = 55_000;
    /** Records the stream goes on with after the last fault, so that it lands on a moving stream. */
    private static final int RECORDS_AFTER_LAST_FAULT = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Fault {
        KILL_COORDINATOR_WORKER, KILL_WORKER, KILL_COORDINATOR_MID_CYCLE, RESTART_TASK, RESTART_CONNECTOR, LAKE_OUTAGE
    }

    private final List<WorkerProcess> workers = Collections.synchronizedList(new ArrayList<>());
    private Path dir;
    private Map<String, String> workerProps;
    private int started;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyOffsetReachesMainExactlyOnceThoughWorkersAreKilled() throws Exception {
        long seed = Long.getLong("lakesink.chaos.seed", System.nanoTime());
        System.out.println("chaos seed: " + seed + " (replay with -Dlakesink.chaos.seed=" + seed + ")");
        Random random = new Random(seed);
        // eager rebalancing (Connect's default) revokes every task's partitions when a worker dies; cooperative
        // rebalancing leaves the survivors theirs, so they carry on from what they believe was sent
        boolean cooperative = random.nextBoolean();
        System.out.println("sink consumers rebalance " + (cooperative ? "cooperatively" : "eagerly"));
        dir = Files.createTempDirectory("lakesink-kill-chaos");
        Path lakeDir = dir.resolve("lake");
        System.out.println("worker logs and lake: " + dir);
        long began = System.nanoTime();

        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, brokerProps());
        kafka.start();
        try (HelperThreads helpers = new HelperThreads();
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            kafka.createTopic(TOPIC, PARTITIONS);
            workerProps = workerProps(kafka.bootstrapServers(), cooperative);
            for (int i = 0; i < WORKERS; i++) {
                startWorker();
            }
            awaitReadyWorkers(WORKERS);
            retryWhileBusy("create the connector", () -> anyReadyWorker().putConnector(CONNECTOR,
                    sinkConfig(kafka.bootstrapServers(), lakeDir)));
            TaskFailureWatch watch = new TaskFailureWatch(CONNECTOR, this::anyReadyWorkerOrFirst);
            await("all " + TASKS + " tasks running", 120, () -> watch.allRunning(TASKS), helpers, watch);
            helpers.start("task-failure-watch", watch::run);

            AtomicLong produced = new AtomicLong();
            AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
            Thread producer = helpers.start("chaos-producer",
                    () -> produce(kafka.bootstrapServers(), produced, stopAt));
            LakeHeads heads = new LakeHeads(lakeDir, REPO);
            List<Fault> plan = plan(random);
            long slice = FAULTS_MILLIS / plan.size();
            long streamStart = System.currentTimeMillis();
            for (int i = 0; i < plan.size(); i++) {
                // each fault at a random moment of its own slice of the stream
                long at = streamStart + 2_000 + i * slice + (long) (random.nextDouble() * slice);
                Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
                helpers.assertNoneFailed();
                assertTrue(watch.unexplained().isEmpty(), () -> "task failures no fault explains: "
                        + watch.unexplained());
                String done = inject(plan.get(i), random, admin, heads, lakeDir, helpers);
                System.out.printf("fault %d/%d at %.1f s: %s (%,d records produced)%n", i + 1, plan.size(),
                        (System.currentTimeMillis() - streamStart) / 1000.0, done, produced.get());
            }
            // the stream goes on past the last fault (however late the faults came), then ends
            stopAt.set(produced.get() + RECORDS_AFTER_LAST_FAULT);
            producer.join(120_000);
            assertFalse(producer.isAlive(), "the producer never finished");
            helpers.assertNoneFailed();

            Map<Integer, Long> end = endOffsets(admin);
            assertEquals(produced.get(), end.values().stream().mapToLong(Long::longValue).sum(),
                    "every record is in Kafka");
            System.out.printf("%,d records produced in %.1f s%n", produced.get(),
                    (System.currentTimeMillis() - streamStart) / 1000.0);
            await("ingest and main at the end offsets " + end + ", every task running", 180, () ->
                    end.equals(heads.offsets("ingest", TOPIC)) && end.equals(heads.offsets("main", TOPIC))
                            && watch.allRunning(TASKS), helpers, watch);
            assertTrue(watch.unexplained().isEmpty(), () -> "task failures no fault explains: " + watch.unexplained());
            System.out.println("task failures explained by the faults: " + watch.explained());
            for (WorkerProcess w : List.copyOf(workers)) {
                w.stop();
            }

            JsonNode audit = audit(lakeDir);
            for (String branch : List.of("ingest", "main")) {
                assertExactlyOnce(branch, audit.path(branch), end);
            }
            assertEverythingOnMainChecked(audit);
            System.out.printf("chaos seed %d green in %.0f s%n", seed, (System.nanoTime() - began) / 1e9);
        } finally {
            for (WorkerProcess w : List.copyOf(workers)) {
                if (w.alive()) {
                    w.kill();
                }
            }
            kafka.stop();
        }
    }

    /**
     * At least two kills of the coordinator's worker (one of them while its cycle waits for a dead task), two of
     * another worker, two outages and two restarts; two more at random.
     */
    private static List<Fault> plan(Random random) {
        List<Fault> plan = new ArrayList<>(List.of(Fault.KILL_COORDINATOR_WORKER, Fault.KILL_COORDINATOR_MID_CYCLE,
                Fault.KILL_WORKER, Fault.KILL_WORKER, Fault.LAKE_OUTAGE, Fault.LAKE_OUTAGE, Fault.RESTART_TASK,
                Fault.RESTART_CONNECTOR));
        for (int i = 0; i < 2; i++) {
            plan.add(Fault.values()[random.nextInt(Fault.values().length)]);
        }
        Collections.shuffle(plan, random);
        return plan;
    }

    private String inject(Fault fault, Random random, Admin admin, LakeHeads heads, Path lakeDir,
                          HelperThreads helpers) throws Exception {
        switch (fault) {
            case KILL_COORDINATOR_WORKER -> {
                awaitReadyWorkers(2);
                WorkerProcess victim = coordinatorWorker(admin);
                victim.kill();
                startWorker();
                return "SIGKILL the coordinator's worker " + victim;
            }
            case KILL_COORDINATOR_MID_CYCLE -> {
                // the coordinator's cycle then waits (commit.timeout.ms) for the dead worker's tasks, holding the
                // answers of the others uncommitted: kill it in that window, so that they are never committed
                awaitReadyWorkers(3);
                WorkerProcess coordinator = coordinatorWorker(admin);
                List<WorkerProcess> others = readyWorkers().stream().filter(w -> w != coordinator).toList();
                WorkerProcess first = others.get(random.nextInt(others.size()));
                first.kill();
                Thread.sleep(1_000 + random.nextInt(2_000));
                coordinator.kill();
                startWorker();
                startWorker();
                return "SIGKILL worker " + first + ", then the coordinator's worker " + coordinator
                        + " while its cycle waits for the dead tasks";
            }
            case KILL_WORKER -> {
                awaitReadyWorkers(2);
                List<WorkerProcess> live = readyWorkers();
                WorkerProcess victim = live.get(random.nextInt(live.size()));
                victim.kill();
                startWorker();
                return "SIGKILL worker " + victim;
            }
            case RESTART_TASK -> {
                int task = random.nextInt(TASKS);
                retryWhileBusy("restart task " + task, () -> anyReadyWorker().restartTask(CONNECTOR, task));
                return "restart task " + task + " (REST)";
            }
            case RESTART_CONNECTOR -> {
                retryWhileBusy("restart the connector", () -> anyReadyWorker().restartConnectorAndTasks(CONNECTOR));
                return "restart the connector and its tasks (REST)";
            }
            default -> {
                // past the lake's 10 s lock timeout: calls fail as unavailable and the sink must retry them
                long millis = 11_000 + random.nextInt(5_000);
                await("the lake to exist", 60, heads::exists, helpers, null);
                holdLakeLocked(lakeDir, millis, helpers);
                return "lake outage: its write lock held for " + millis + " ms";
            }
        }
    }

    /** Holds the lake database's write lock as another process would, in the background. */
    private static void holdLakeLocked(Path lakeDir, long millis, HelperThreads helpers) throws InterruptedException {
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        helpers.start("lake-outage", () -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + lakeDir.resolve("lake.db"));
                 Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 30000");
                s.execute("BEGIN IMMEDIATE");
                locked.countDown();
                Thread.sleep(millis);
                s.execute("ROLLBACK");
            }
        });
        // the outage has begun when this returns (or the helper failed, which the next check reports)
        locked.await(35, TimeUnit.SECONDS);
    }

    /** The worker running the task that holds partition 0: that task runs the coordinator. */
    private WorkerProcess coordinatorWorker(Admin admin) throws Exception {
        AtomicReference<WorkerProcess> found = new AtomicReference<>();
        await("a task holding " + TOPIC + "-0 on a known worker", 60, () -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("connect-" + CONNECTOR)).all()
                    .get().get("connect-" + CONNECTOR);
            for (MemberDescription m : group.members()) {
                if (m.assignment().topicPartitions().contains(new TopicPartition(TOPIC, 0))) {
                    String client = m.clientId(); // connector-consumer-<connector>-<task>
                    int task = Integer.parseInt(client.substring(client.lastIndexOf('-') + 1));
                    JsonNode status;
                    try {
                        status = anyReadyWorker().status(CONNECTOR);
                    } catch (WorkerRest.Busy e) {
                        return false;
                    }
                    for (JsonNode t : status.path("tasks")) {
                        if (t.path("id").asInt() == task && "RUNNING".equals(t.path("state").asText())) {
                            String workerId = t.path("worker_id").asText();
                            readyWorkers().stream().filter(w -> w.workerId().equals(workerId)).findFirst()
                                    .ifPresent(found::set);
                        }
                    }
                }
            }
            return found.get() != null;
        }, null, null);
        return found.get();
    }

    private void produce(String bootstrap, AtomicLong produced, AtomicLong stopAt) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < stopAt.get(); i++) {
                p.send(new ProducerRecord<>(TOPIC, "k" + i, "{\"id\":" + i + ",\"v\":\"" + "x".repeat(i % 40) + "\"}"),
                        (metadata, error) -> {
                            if (error != null) {
                                sendFailure.compareAndSet(null, error);
                            } else {
                                produced.incrementAndGet();
                            }
                        });
                if (i % RECORDS_PER_TICK == RECORDS_PER_TICK - 1) {
                    Thread.sleep(100);
                }
            }
            p.flush();
        }
        if (sendFailure.get() != null) {
            throw sendFailure.get();
        }
    }

    private void startWorker() throws Exception {
        workers.add(WorkerProcess.start("worker-" + (++started), dir, workerProps));
    }

    private List<WorkerProcess> readyWorkers() {
        return List.copyOf(workers).stream().filter(WorkerProcess::alive)
                .filter(w -> new WorkerRest(w.url()).ready()).toList();
    }

    private WorkerRest anyReadyWorker() throws WorkerRest.Busy {
        List<WorkerProcess> ready = readyWorkers();
        if (ready.isEmpty()) {
            throw new WorkerRest.Busy("no worker is ready", null);
        }
        return new WorkerRest(ready.get(0).url());
    }

    private WorkerRest anyReadyWorkerOrFirst() {
        List<WorkerProcess> ready = readyWorkers();
        return new WorkerRest((ready.isEmpty() ? workers.get(workers.size() - 1) : ready.get(0)).url());
    }

    private void awaitReadyWorkers(int n) throws Exception {
        await(n + " ready workers", 120, () -> readyWorkers().size() >= n, null, null);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private interface Request {
        void send() throws WorkerRest.Busy;
    }

    /** Polls until the deciding event; fails early when a helper thread or an unexplained task failure says so. */
    private static void await(String what, int seconds, Condition condition, HelperThreads helpers,
                              TaskFailureWatch watch) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.holds()) {
            if (helpers != null) {
                helpers.assertNoneFailed();
            }
            if (watch != null && !watch.unexplained().isEmpty()) {
                fail("task failures no fault explains: " + watch.unexplained());
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + seconds + " s for " + what);
            }
            Thread.sleep(250);
        }
    }

    private static void retryWhileBusy(String what, Request request) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                request.send();
                return;
            } catch (WorkerRest.Busy e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not " + what + ": " + e.getMessage(), e);
                }
                Thread.sleep(500);
            }
        }
    }

    private static Map<Integer, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        Map<Integer, Long> end = new TreeMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp.partition(), info.offset()));
        return end;
    }

    /** What the lake holds, read in a JVM of its own (this one must not load LakeSink next to the workers). */
    private JsonNode audit(Path lakeDir) throws Exception {
        String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("lakesink.cli.jar") + File.pathSeparator + testClasses,
                "io.lakesink.connect.BranchAudit", lakeDir.toString(), REPO, "ingest", "main");
        Path err = dir.resolve("audit.err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> "the audit failed: " + out + readQuietly(err));
        String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("the audit printed no report: " + out + readQuietly(err)));
        return JSON.readTree(json);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }

    /** Every offset of every partition once: as many rows as offsets, all distinct, from 0 to the end. */
    private static void assertExactlyOnce(String branch, JsonNode b, Map<Integer, Long> end) throws Exception {
        Map<Integer, String> expected = new TreeMap<>();
        end.forEach((p, next) -> expected.put(p, "rows=" + next + " distinct=" + next + " offsets 0.." + (next - 1)));
        Map<Integer, String> actual = new TreeMap<>();
        for (JsonNode p : b.path("partitions")) {
            actual.put(p.path("partition").asInt(), "rows=" + p.path("rows").asLong() + " distinct="
                    + p.path("distinct").asLong() + " offsets " + p.path("lowest").asLong() + ".."
                    + p.path("highest").asLong());
        }
        assertEquals(expected, actual, branch + ": every offset of every partition exactly once");
        assertEquals(b.path("files").asInt(), b.path("distinctFiles").asInt(), branch + ": a file linked twice");
        Map<String, Map<String, Long>> headOffsets = JSON.readValue(b.path("head").path("kafka.offsets").asText(),
                new TypeReference<>() { });
        Map<Integer, Long> head = new TreeMap<>();
        headOffsets.getOrDefault(TOPIC, Map.of()).forEach((p, next) -> head.put(Integer.parseInt(p), next));
        assertEquals(end, head, branch + ": the head commit alone says where every partition stands");
    }

    /**
     * Main's own history is the first commit and then publications only, each of one ingest commit whose check
     * passed; its head publishes the ingest head.
     */
    private static void assertEverythingOnMainChecked(JsonNode audit) {
        JsonNode history = audit.path("main").path("history");
        assertTrue(history.size() >= 2, "nothing was published: " + history);
        for (int i = 0; i < history.size() - 1; i++) {
            JsonNode c = history.get(i);
            assertFalse(c.has("lakesink.quarantine.of"), "a commit was quarantined: " + c);
            assertTrue(c.has("lakesink.source"), "a commit on main that is no publication: " + c);
            JsonNode checks;
            try {
                checks = JSON.readTree(c.path("lakesink.checks").asText());
            } catch (Exception e) {
                throw new AssertionError("unreadable checks on " + c, e);
            }
            assertEquals(1, checks.size(), "one check ran for " + c);
            assertEquals("ids_present", checks.get(0).path("name").asText());
            assertEquals("passed", checks.get(0).path("outcome").asText(), "published unchecked: " + c);
        }
        assertFalse(history.get(history.size() - 1).has("lakesink.source"), "the first commit on main");
        assertEquals(audit.path("ingest").path("history").get(0).path("id").asText(),
                history.get(0).path("lakesink.source").asText(), "main publishes the ingest head");
    }

    private static Properties brokerProps() {
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("offsets.topic.replication.factor", "1");
        broker.put("group.initial.rebalance.delay.ms", "0");
        // a killed task's open control transaction is aborted soon after its timeout
        broker.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "2000");
        return broker;
    }

    private static Map<String, String> workerProps(String bootstrap, boolean cooperative) {
        Map<String, String> w = new HashMap<>();
        w.put("bootstrap.servers", bootstrap);
        w.put("group.id", "chaos-connect");
        w.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        w.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        w.put("value.converter.schemas.enable", "false");
        w.put("config.storage.topic", "chaos-connect-configs");
        w.put("offset.storage.topic", "chaos-connect-offsets");
        w.put("status.storage.topic", "chaos-connect-status");
        w.put("config.storage.replication.factor", "1");
        w.put("offset.storage.replication.factor", "1");
        w.put("status.storage.replication.factor", "1");
        w.put("offset.storage.partitions", "1");
        w.put("status.storage.partitions", "1");
        w.put("offset.flush.interval.ms", "1000");
        w.put("plugin.path", Path.of(System.getProperty("lakesink.plugin.path")).toAbsolutePath().toString());
        // a killed worker and its sink consumers are noticed within seconds, and their tasks move at once
        w.put("session.timeout.ms", "6000");
        w.put("heartbeat.interval.ms", "1500");
        w.put("scheduled.rebalance.max.delay.ms", "3000");
        w.put("consumer.session.timeout.ms", "6000");
        w.put("consumer.heartbeat.interval.ms", "1500");
        if (cooperative) {
            w.put("consumer.partition.assignment.strategy",
                    "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        }
        return w;
    }

    private static Map<String, String> sinkConfig(String bootstrap, Path lakeDir) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.lakesink.connect.LakeSinkConnector");
        c.put("tasks.max", Integer.toString(TASKS));
        c.put("topics", TOPIC);
        c.put("lake.embedded.path", lakeDir.toString());
        c.put("lake.repository", REPO);
        c.put("kafka.bootstrap.servers", bootstrap);
        // a killed task's control transaction does not hold the coordinator's read_committed reads for a minute
        c.put("kafka.transaction.timeout.ms", "10000");
        c.put("commit.interval.ms", "1000");
        c.put("commit.timeout.ms", "4000");
        c.put("flush.size", "500");
        c.put("unlinked.files.grace.ms", "3000");
        c.put("publish.enabled", "true");
        c.put("checks", "ids_present");
        c.put("checks.ids_present.type", "sql");
        c.put("checks.ids_present.sql", "SELECT * FROM \"" + TOPIC + "\" WHERE id IS NULL");
        c.put("checks.ids_present.topic", TOPIC);
        return c;
    }
}
