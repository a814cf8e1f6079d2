package io.lakesink.connect.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Group "Publish": checks on each ingest commit, and merging to main when they pass. */
public final class PublishKeys {
    public static final String GROUP = "Publish";

    public static final String ENABLED = "publish.enabled";
    public static final String CHECKS = "checks";
    public static final String ON_FAILURE = "checks.on.failure";
    public static final String REQUIRE_TOPICS = "merge.require.topics";
    public static final String MERGE_INTERVAL_MS = "merge.interval.ms";
    public static final String REQUIRE_WATERMARK_LAG_MS = "merge.require.watermark.lag.ms";
    /** Prefix of a check's own keys: {@code checks.<name>.type} and the type's keys. */
    public static final String CHECK_PREFIX = "checks.";
    public static final String TYPE_SUFFIX = ".type";

    private PublishKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(ENABLED, Type.BOOLEAN, true, Importance.HIGH,
                "Merge ingest commits into the main branch once their checks pass. When false, data stays on the"
                        + " ingest branch and something else publishes it.",
                GROUP, ++order, Width.SHORT, "Publish to main");
        def.define(MERGE_INTERVAL_MS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "How often to check and publish what the ingest branch gained; 0 publishes after every ingest commit."
                        + " A longer interval checks and merges several commits at once, each still checked on its own.",
                GROUP, ++order, Width.SHORT, "Merge interval");
        def.define(CHECKS, Type.LIST, "", Importance.HIGH,
                "Names of the checks every ingest commit must pass before it reaches main, e.g."
                        + " no_negative_amounts,min_rows. Each name needs checks.<name>.type and that type's keys"
                        + " (see the checks reference). No checks: every commit is published.",
                GROUP, ++order, Width.LONG, "Checks");
        def.define(ON_FAILURE, Type.STRING, "halt", ConfigDef.ValidString.in("halt", "quarantine",
                        "quarantine-commit"), Importance.HIGH,
                "When a check fails: 'halt' stops merging to main until the bad commit is reverted or rolled back on"
                        + " the ingest branch (ingestion goes on); 'quarantine' sets aside the rows the failing checks"
                        + " name (a sql check that returns _kafka_partition and _kafka_offset, e.g. SELECT *; not-null"
                        + " with no nulls allowed) on a branch quarantine-<commit> and publishes the rest of the"
                        + " commit, or sets aside the whole commit when a failing check judges it as a whole (row"
                        + " counts, thresholds, schema, freshness, webhooks, classes); 'quarantine-commit' always sets"
                        + " aside the whole commit. Work with what is set aside with 'lakesink quarantine'.",
                GROUP, ++order, Width.SHORT, "On check failure");
        def.define(REQUIRE_TOPICS, Type.LIST, "", Importance.MEDIUM,
                "Topics that reach main together: a merge waits until each of them has new data since main's head,"
                        + " so consumers never see one collection ahead of the other.",
                GROUP, ++order, Width.LONG, "Topics merged together");
        def.define(REQUIRE_WATERMARK_LAG_MS, Type.LONG, -1L, ConfigDef.Range.atLeast(-1), Importance.LOW,
                "With " + REQUIRE_TOPICS + ": merge by event time instead. A commit reaches main only when every listed"
                        + " topic has records and their newest record times (Kafka timestamps) are at most this many"
                        + " milliseconds apart, so no collection on main runs ahead of another by more. -1: off (wait"
                        + " for new data in each topic instead).",
                GROUP, ++order, Width.SHORT, "Event-time watermark lag");
    }
}
