package io.lakesink.rollback;

/** What a rollback returns main to. */
public sealed interface RollbackTarget {
    /** The newest commit on main holding nothing at or after this offset. */
    record ToOffset(PartitionOffset offset) implements RollbackTarget {
    }

    /** This commit, which must be on main's first-parent history. */
    record ToCommit(String ref) implements RollbackTarget {
    }

    /** The newest main commit older than every bad one (marked bad, or with a failed check). */
    record LastGood() implements RollbackTarget {
    }
}
