package io.lakesink.connect.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Group "Commit": how often the coordinator commits, and the Kafka control topic its cycles run over. */
public final class CommitKeys {
    public static final String GROUP = "Commit";

    public static final String INTERVAL_MS = "commit.interval.ms";
    public static final String TIMEOUT_MS = "commit.timeout.ms";
    public static final String MAX_FAILED_CYCLES = "commit.max.failed.cycles";
    public static final String CONTROL_TOPIC = "control.topic";
    public static final String CONTROL_TOPIC_REPLICATION_FACTOR = "control.topic.replication.factor";
    public static final String UNLINKED_GRACE_MS = "unlinked.files.grace.ms";
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String BOOTSTRAP_SERVERS = KAFKA_PREFIX + "bootstrap.servers";

    private CommitKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1_000), Importance.HIGH,
                "How often a commit cycle starts: tasks close their files and the coordinator commits them to the"
                        + " ingest branch with the offsets they cover.",
                GROUP, ++order, Width.SHORT, "Commit interval");
        def.define(TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1_000), Importance.MEDIUM,
                "How long the coordinator waits for every task's files; then it commits what arrived and the"
                        + " other tasks re-send their data in the next cycle. With lakeFS, this plus one lakeFS call's"
                        + " retries must stay under 3 h: lakeFS links an uploaded file's address for 6 h only.",
                GROUP, ++order, Width.SHORT, "Commit timeout");
        def.define(MAX_FAILED_CYCLES, Type.INT, 10, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                "How many commit cycles in a row may fail to commit to the lake (lake unreachable, an object that"
                        + " cannot be linked, ...) before the coordinator's task fails with the last cycle's reason,"
                        + " shown in the task's status. Until then every failed cycle is retried in the next one; a"
                        + " cycle that commits starts the count again.",
                GROUP, ++order, Width.SHORT, "Failed commit cycles before the task fails");
        def.define(UNLINKED_GRACE_MS, Type.LONG, -1L, ConfigDef.Range.atLeast(-1), Importance.LOW,
                "Files uploaded by commit cycles that never committed them (a crash, a timeout) are deleted once"
                        + " they are this old, so a crash loop cannot fill the disk. -1: ten times the longer of "
                        + INTERVAL_MS + " and " + TIMEOUT_MS + ". A file deleted too early only makes its cycle"
                        + " fail and its data be sent again.",
                GROUP, ++order, Width.SHORT, "Unlinked files grace period");
        def.define(CONTROL_TOPIC, Type.STRING, "lakesink-control", Validators.topicName(), Importance.MEDIUM,
                "Kafka topic the tasks and the coordinator exchange commit-cycle events over; created when"
                        + " missing. Connectors may share it.",
                GROUP, ++order, Width.MEDIUM, "Control topic");
        def.define(CONTROL_TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, Validators.replicationFactor(),
                Importance.MEDIUM,
                "Replication factor of the control topic when LakeSink creates it (it has one partition); -1 takes"
                        + " the broker's default.replication.factor. An existing topic is left as it is. The topic"
                        + " only carries commit-cycle events, but while it is unavailable no commit happens: give it"
                        + " the replication of the topics the connector reads.",
                GROUP, ++order, Width.SHORT, "Control topic replication factor");
        def.define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                "Kafka brokers for the control topic (usually the cluster the connector reads from). Any other"
                        + " '" + KAFKA_PREFIX + "*' key is passed to the control topic's clients without the prefix"
                        + " (security settings, for example).",
                GROUP, ++order, Width.LONG, "Control topic brokers");
    }
}
