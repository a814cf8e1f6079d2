package io.lakesink.commit;

import io.lakesink.commit.event.CommitComplete;
import io.lakesink.commit.event.ControlEvent;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.StartCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * A task's control thread: reads the control topic, hands cycle events to the task's {@link CommitParticipant},
 * and, while the task is the leader, drives the connector's {@link Coordinator}. Runs apart from {@code put()}
 * so that idle tasks answer a cycle at once. A failure stops the loop; the task reports it on its next call.
 */
public final class ControlLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** A rebalance can leave the group unsettled when a task asks; leadership is asked again this often. */
    private static final long LEADERSHIP_CHECK_MS = 3_000;

    private final ControlChannel channel;
    private final CommitParticipant participant;
    private final LongFunction<Coordinator> coordinatorFactory;
    private final BooleanSupplier leadership;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean recheckLeadership = true;
    private volatile RuntimeException failure;
    private long leadershipCheckedAt;
    private boolean leader;
    private Coordinator coordinator;

    public ControlLoop(String name, ControlChannel channel, CommitParticipant participant,
                       LongFunction<Coordinator> coordinatorFactory, BooleanSupplier leadership) {
        this.channel = channel;
        this.participant = participant;
        this.coordinatorFactory = coordinatorFactory;
        this.leadership = leadership;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The task's partitions changed: ask who leads at the next turn. */
    public void assignmentChanged() {
        recheckLeadership = true;
    }

    /** The failure that stopped the loop, if any. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (ControlEvent event : channel.poll(POLL)) {
                    dispatch(event);
                }
                long now = System.currentTimeMillis();
                if (recheckLeadership || now - leadershipCheckedAt >= LEADERSHIP_CHECK_MS) {
                    recheckLeadership = false;
                    leadershipCheckedAt = now;
                    leader = leadership.getAsBoolean();
                }
                if (leader && coordinator == null) {
                    coordinator = coordinatorFactory.apply(now);
                } else if (!leader && coordinator != null) {
                    log.info("Task is no longer the commit coordinator");
                    coordinator.resign();
                    coordinator = null;
                }
                if (coordinator != null) {
                    coordinator.tick(now);
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                log.error("The control loop stopped: {}", e.getMessage(), e);
                failure = e;
            }
        }
    }

    private void dispatch(ControlEvent event) {
        if (event instanceof StartCommit start) {
            participant.onStartCommit(start);
        } else if (event instanceof DataWritten answer) {
            if (coordinator != null) {
                coordinator.onDataWritten(answer);
            }
        } else if (event instanceof CommitComplete complete) {
            participant.onCommitComplete(complete);
        }
    }

    public void stop() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
