package io.lakesink.commit.event;

/** The coordinator opens a commit cycle: every task closes its files and reports them. */
public record StartCommit(int version, String connector, String cycleId) implements ControlEvent {
    public static StartCommit of(String connector, String cycleId) {
        return new StartCommit(CURRENT_VERSION, connector, cycleId);
    }
}
