package io.lakesink.connect.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Group "Lake": which versioned lake, which repository and which branches. */
public final class LakeKeys {
    public static final String GROUP = "Lake";

    public static final String BACKEND = "lake.backend";
    public static final String EMBEDDED_PATH = "lake.embedded.path";
    public static final String REPOSITORY = "lake.repository";
    public static final String CREATE_REPOSITORY = "lake.repository.create";
    public static final String INGEST_BRANCH = "lake.ingest.branch";
    public static final String INGEST_TAKEOVER_FROM = "lake.ingest.branch.takeover.from";
    public static final String MAIN_BRANCH = "lake.main.branch";

    public static final String EMBEDDED = "embedded";
    public static final String LAKEFS = "lakefs";

    private LakeKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(BACKEND, Type.STRING, EMBEDDED, ConfigDef.ValidString.in(EMBEDDED, LAKEFS), Importance.HIGH,
                "The versioned lake to write to. 'embedded': a lake in a local directory with no server (one"
                        + " machine only: every worker running this connector must see the same directory)."
                        + " 'lakefs': a lakeFS server (lakefs.* keys), for Connect clusters on many machines.",
                GROUP, ++order, Width.SHORT, "Lake backend");
        def.define(EMBEDDED_PATH, Type.STRING, "", Importance.HIGH,
                "Absolute path of the embedded lake's directory; created when missing. Required when "
                        + BACKEND + "=embedded.",
                GROUP, ++order, Width.LONG, "Embedded lake directory");
        def.define(REPOSITORY, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.repositoryName(),
                Importance.HIGH, "Repository in the lake: 3 to 63 lower-case letters, digits and '-'.",
                GROUP, ++order, Width.MEDIUM, "Repository");
        def.define(CREATE_REPOSITORY, Type.BOOLEAN, true, Importance.MEDIUM,
                "Create the repository (with " + MAIN_BRANCH + " as its default branch) when it does not exist.",
                GROUP, ++order, Width.SHORT, "Create repository");
        def.define(INGEST_BRANCH, Type.STRING, "ingest", Validators.branchName(), Importance.HIGH,
                "Branch the connector commits to; created from " + MAIN_BRANCH + " when missing.",
                GROUP, ++order, Width.MEDIUM, "Ingest branch");
        def.define(INGEST_TAKEOVER_FROM, Type.STRING, "", Importance.LOW,
                "One ingest branch has one writer: the first connector that starts on it owns it, and another"
                        + " connector naming the same repository and " + INGEST_BRANCH + " is refused. To rename a"
                        + " connector on purpose, delete the old one and give the new one this key set to the old"
                        + " connector's name: it takes the branch over when its tasks start. Empty: never take over.",
                GROUP, ++order, Width.MEDIUM, "Take the ingest branch over from");
        def.define(MAIN_BRANCH, Type.STRING, "main", Validators.branchName(), Importance.HIGH,
                "Branch consumers read; data reaches it only by merges from the ingest branch.",
                GROUP, ++order, Width.MEDIUM, "Main branch");
    }
}
