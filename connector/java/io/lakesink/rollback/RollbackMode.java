package io.lakesink.rollback;

/** How the branches get back to the target. */
public enum RollbackMode {
    /** Move the branches back (lakeFS hard reset): the bad commits leave their history. */
    RESET,
    /** Add revert commits on top: the history keeps the bad commits and says they were undone. */
    REVERT
}
