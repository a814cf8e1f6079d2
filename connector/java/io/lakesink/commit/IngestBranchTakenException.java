package io.lakesink.commit;

/** Another connector owns the ingest branch: this one must not write to it. Retrying cannot help. */
public final class IngestBranchTakenException extends CommitStoppedException {
    public IngestBranchTakenException(String message) {
        super(message, null);
    }
}
