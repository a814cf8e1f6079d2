package io.lakesink.commit;

import io.lakesink.offsets.OffsetMap;

/**
 * What a {@link Coordinator} tells about its cycles, for whoever keeps count (the task's metrics). The commit
 * protocol knows nothing of how it is reported.
 */
public interface CommitCycleListener {
    /** This task became, or stopped being, the connector's coordinator. */
    void coordinator(boolean isCoordinator);

    /** A cycle committed to the ingest branch. */
    void ingestCommitted(String commitId, OffsetMap offsets, long files, long records);

    /** A cycle could not commit to the lake; its data is read again. */
    void commitCycleFailed();

    /** A cycle ended, committed or not, this long after it started. */
    void cycleFinished(long millis);

    /** Listens to nothing. */
    CommitCycleListener NONE = new CommitCycleListener() {
        @Override
        public void coordinator(boolean isCoordinator) {
        }

        @Override
        public void ingestCommitted(String commitId, OffsetMap offsets, long files, long records) {
        }

        @Override
        public void commitCycleFailed() {
        }

        @Override
        public void cycleFinished(long millis) {
        }
    };
}
