package io.lakesink.connect;

import io.lakesink.connect.config.LakeFsKeys;
import io.lakesink.connect.config.LakeKeys;
import io.lakesink.connect.config.LakeSinkConfig;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.lakefs.LakeFsAuthenticationException;
import io.lakesink.lake.lakefs.LakeFsLake;
import io.lakesink.lake.lakefs.LakeFsUnavailableException;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.Map;

/**
 * Opens a task's lake at start, waiting out a lake that is briefly unavailable, and fails the task with the setting to
 * change when the lake cannot be used: a lakeFS that refuses the credentials or never answers, or an embedded lake
 * that is not the connector's ({@link OneLakePerConnector}).
 */
final class TaskLake {
    private TaskLake() {
    }

    static VersionedLake open(LakeSinkConfig config, Map<String, String> taskProps, long retryBudgetMillis) {
        try {
            return LakeRetry.call("open the lake", retryBudgetMillis,
                    () -> LakeFactory.withLayout(config, LakeKeys.LAKEFS.equals(config.backend())
                            ? LakeFsLake.open(config.lakeFsSettings())
                            : OneLakePerConnector.openForTask(config, taskProps)));
        } catch (ConnectException e) {
            throw withRemedy(config, e, retryBudgetMillis);
        }
    }

    private static ConnectException withRemedy(LakeSinkConfig config, ConnectException e, long retryBudgetMillis) {
        if (e.getCause() instanceof LakeFsAuthenticationException refused) {
            String remedy = refused.status() == 401
                    ? "set " + LakeFsKeys.ACCESS_KEY_ID + " and " + LakeFsKeys.SECRET_ACCESS_KEY + " to an access key of"
                    + " a lakeFS user (lakeFS: Administration > Users > Access keys, or lakectl)"
                    : "give the lakeFS user of " + LakeFsKeys.ACCESS_KEY_ID + " a policy that lets it read, write,"
                    + " commit, branch and merge in repository '" + config.repository() + "' (and create it, unless"
                    + " it exists), and check that branches '" + config.ingestBranch() + "' and '"
                    + config.mainBranch() + "' are not protected against it";
            return new ConnectException("LakeSink cannot use the lake: " + refused.getMessage() + ". To fix: "
                    + remedy, refused);
        }
        if (e.getCause() instanceof LakeFsUnavailableException away && away.status() == 0) {
            return new ConnectException("LakeSink cannot reach the lake: " + away.getMessage() + " (tried for "
                    + retryBudgetMillis / 1000 + " s). Check " + LakeFsKeys.ENDPOINT + " (" + config.lakeFsSettings()
                    .endpoint() + "): it must be lakeFS's API URL, http(s)://<host>:<port>/api/v1, reachable from"
                    + " every Connect worker, and lakeFS must be running", away);
        }
        return e;
    }
}
