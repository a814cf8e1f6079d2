package io.lakesink.commit.event;

/** The coordinator opens a commit cycle: every task closes its files and reports them. */
public record StartCommit(String connector, String cycleId) implements ControlEvent {
}
