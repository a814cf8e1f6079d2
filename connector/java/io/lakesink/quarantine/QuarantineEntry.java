package io.lakesink.quarantine;

import io.lakesink.lake.Commit;
import io.lakesink.publish.PublishMetadata;

import java.time.Instant;

/**
 * One quarantine as an operator works with it: the ingest commit its rows came from, whether it holds a few rows
 * the checks named or a whole commit, why, and what became of it.
 *
 * @param branch      the quarantine branch ({@code quarantine-<commit>})
 * @param source      the ingest commit the rows were taken from
 * @param level       {@code rows} or {@code commit}
 * @param rows        rows set aside (-1 when unknown)
 * @param offsets     the offsets set aside, as ranges (JSON), or empty for a whole commit
 * @param checksJson  the check results that sent them here
 * @param base        the commit the entry's files are compared with
 * @param entryCommit the commit holding the entry (its files are what it adds relative to {@code base})
 * @param decision    the operator's decision (an empty commit on the branch), or null while waiting
 * @param superseded  the source commit is no longer on the ingest branch (rolled back): its records were read
 *                    again and checked afresh, so these rows may not be released
 * @param releaseUndone the entry was released, but a rollback of main has since taken the release away: its rows
 *                    wait again
 */
public record QuarantineEntry(String branch, String source, String level, long rows, String offsets,
                              String checksJson, String base, Commit entryCommit, Commit decision,
                              boolean superseded, boolean releaseUndone) {

    public enum State {
        WAITING("waiting"), RELEASED("released"), DROPPED("dropped"), SUPERSEDED("superseded by a rollback");

        private final String word;

        State(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public State state() {
        if (decision != null && !releaseUndone) {
            return PublishMetadata.STATE_RELEASED.equals(decision.metadata().get(PublishMetadata.QUARANTINE_STATE))
                    ? State.RELEASED : State.DROPPED;
        }
        return superseded ? State.SUPERSEDED : State.WAITING;
    }

    public Instant quarantinedAt() {
        return entryCommit.creationDate();
    }

    public String decisionGet(String key) {
        return decision == null ? null : decision.metadata().get(key);
    }
}
