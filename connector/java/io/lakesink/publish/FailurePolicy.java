package io.lakesink.publish;

import java.util.Locale;

/** What happens when a check fails ({@code checks.on.failure}). */
public enum FailurePolicy {
    /** Nothing more reaches main until the bad commit is reverted or rolled back on ingest and checks pass. */
    HALT,
    /**
     * The rows the failing checks named are kept on a quarantine branch and taken out of the commit, whose other
     * rows go on to main; when a failing check judged the commit as a whole (or could not run), the whole commit is
     * kept there and reverted on ingest instead.
     */
    QUARANTINE,
    /** The whole bad commit is kept on a quarantine branch, reverted on ingest, and publishing goes on. */
    QUARANTINE_COMMIT;

    /** The value as written in the configuration. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FailurePolicy fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
