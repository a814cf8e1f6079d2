package io.lakesink.lake;

/**
 * A compare-and-set on a branch was refused: the branch head was not the commit the caller read and built on,
 * so someone else wrote to the branch in between. Retrying the same call cannot succeed; the caller has to
 * read the branch again and decide whether it may still write to it.
 */
public class LakeBranchMovedException extends LakePreconditionFailedException {
    private final String branch;
    private final String expectedHead;
    private final String actualHead;
    private final String landedCommit;

    /**
     * @param landedCommit the commit that was made anyway on top of {@code actualHead} (a backend without an atomic
     *                     compare-and-set, such as lakeFS, finds out only afterwards); null when nothing changed
     */
    public LakeBranchMovedException(String what, String branch, String expectedHead, String actualHead,
                                    String landedCommit) {
        super(what + ": branch '" + branch + "' is at " + actualHead + ", not at " + expectedHead
                + " where this writer read it; someone else wrote to the branch in between"
                + (landedCommit == null ? " (nothing was changed)"
                : " (commit " + landedCommit + " was made on top of the other writer's " + actualHead + ")"));
        this.branch = branch;
        this.expectedHead = expectedHead;
        this.actualHead = actualHead;
        this.landedCommit = landedCommit;
    }

    public String branch() {
        return branch;
    }

    public String expectedHead() {
        return expectedHead;
    }

    /** The head found instead: the other writer's commit (its parent when {@link #landedCommit} is set). */
    public String actualHead() {
        return actualHead;
    }

    /** The commit that landed on top of the other writer's anyway, or null when the refusal changed nothing. */
    public String landedCommit() {
        return landedCommit;
    }
}
