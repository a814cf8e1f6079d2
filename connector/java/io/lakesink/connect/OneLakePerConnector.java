package io.lakesink.connect;

import io.lakesink.connect.config.LakeKeys;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.embedded.EmbeddedLake;
import io.lakesink.lake.embedded.EmbeddedLakeOptions;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Map;

/**
 * One lake per connector, whatever the Connect cluster. The embedded lake is a directory of one machine: on a cluster
 * of several machines, tasks elsewhere would open lakes of their own at the same path and their data would never
 * reach the connector's main. So the connector (one instance, on one worker) opens the lake, creating it on the first
 * start, and hands its id to every task; a task whose directory does not hold that lake fails at start saying why.
 */
final class OneLakePerConnector {
    private static final Logger log = LoggerFactory.getLogger(OneLakePerConnector.class);
    /** The id of the lake the connector opened, in every task's config. */
    static final String LAKE_ID = "lakesink.lake.id";
    /** The host the connector opened it on, for the message. */
    static final String LAKE_HOST = "lakesink.lake.host";
    /**
     * How long the connector waits out a lake that is briefly unavailable (another process holding its write lock)
     * before it hands out configs without an id: task configs that change make Connect restart every task.
     */
    private static final long RETRY_MS = 30_000;

    private OneLakePerConnector() {
    }

    /**
     * For the connector: the lake's id and host for the tasks' configs, creating the lake on the first start. Empty
     * for lakeFS (one server for every worker) and when the lake cannot be opened here: the tasks then open it as
     * before and fail with the reason (a lost or corrupt lake.db, a path that cannot be created), as the operator
     * expects it in the task's trace.
     */
    static Map<String, String> taskProps(LakeSinkConfig config) {
        if (LakeKeys.LAKEFS.equals(config.backend())) {
            return Map.of();
        }
        try (EmbeddedLake lake = LakeRetry.call("open the embedded lake", RETRY_MS,
                () -> EmbeddedLake.open(config.embeddedPath()))) {
            return Map.of(LAKE_ID, lake.lakeId(), LAKE_HOST, thisHost());
        } catch (ConnectException | LakeException e) {
            log.warn("Could not open the embedded lake at {} to record its id for the tasks ({}); the tasks will"
                    + " report it", config.embeddedPath(), e.getMessage());
            return Map.of();
        }
    }

    /**
     * For a task: its embedded lake, which must be the one the connector opened when the task's config names one.
     * A missing lake is not created: the connector made it, so missing means this task runs on another machine.
     */
    static EmbeddedLake openForTask(LakeSinkConfig config, Map<String, String> taskProps) {
        String expected = taskProps.get(LAKE_ID);
        if (expected == null) {
            return EmbeddedLake.open(config.embeddedPath()); // a config from before lake ids: as before
        }
        String where = "lake.embedded.path " + config.embeddedPath();
        String connectorSide = "the connector opened its lake at that path on host "
                + taskProps.getOrDefault(LAKE_HOST, "(unknown)") + " (lake id " + expected + ")";
        EmbeddedLake lake;
        try {
            lake = EmbeddedLake.open(config.embeddedPath(),
                    EmbeddedLakeOptions.defaults().withCreateIfMissing(false));
        } catch (LakeNotFoundException missing) {
            throw new ConnectException(taskOf(taskProps) + " runs on host " + thisHost() + ", where " + where
                    + " holds no lake, but " + connectorSide + ". " + advice(), missing);
        }
        if (!expected.equals(lake.lakeId())) {
            String found = lake.lakeId();
            lake.close();
            throw new ConnectException(taskOf(taskProps) + " runs on host " + thisHost() + ", where " + where
                    + " holds another lake (lake id " + found + ") than the connector's: " + connectorSide + ". "
                    + advice() + " If the lake at that path was replaced on purpose, restart the connector"
                    + " (POST /connectors/<name>/restart) so that it hands the new lake's id to its tasks.");
        }
        return lake;
    }

    private static String advice() {
        return "The embedded lake is a local directory of one machine: tasks on other Connect workers would each"
                + " write a lake of their own, whose data never reaches the connector's main. For a Connect cluster"
                + " of several machines use lake.backend=lakefs; otherwise run this connector on a single worker.";
    }

    private static String taskOf(Map<String, String> taskProps) {
        return "task " + taskProps.getOrDefault(LakeSinkConnector.TASK_ID, "0") + " of connector '"
                + taskProps.getOrDefault("name", "lakesink") + "'";
    }

    private static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "(unknown)";
        }
    }
}
