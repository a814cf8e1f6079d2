package io.lakesink.commit;

import io.lakesink.commit.event.CommitComplete;
import io.lakesink.commit.event.ControlEvent;
import io.lakesink.commit.event.DataWritten;
import io.lakesink.commit.event.StartCommit;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * A task's control thread: reads the control topic, hands cycle events to the task's {@link CommitParticipant},
 * and, while the task is the leader, drives the connector's {@link Coordinator}. Runs apart from {@code put()}
 * so that idle tasks answer a cycle at once. A failure stops the loop and the task reports it on its next call;
 * Kafka being away is not a failure: the loop waits, and commit cycles resume when Kafka takes events again. The
 * loop owns the channel and closes it when it ends.
 */
public final class ControlLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** A rebalance can leave the group unsettled when a task asks; leadership is asked again this often. */
    private static final long LEADERSHIP_CHECK_MS = 3_000;
    /** Connect waits 5 s by default for a task to stop; the loop stays well inside that. */
    private static final Duration STOP_WAIT = Duration.ofMillis(1_500);

    private final ControlEvents channel;
    private final CommitParticipant participant;
    private final LongFunction<Coordinator> coordinatorFactory;
    private final BooleanSupplier leadership;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean recheckLeadership = true;
    private volatile RuntimeException failure;
    /** What the loop is doing now, for an operator reading why a stop takes long. */
    private volatile String waitingFor = "starting";
    private final AtomicBoolean channelClosed = new AtomicBoolean();
    /** When a control event last failed to reach Kafka; 0 while Kafka takes them. */
    private long kafkaAwaySince;
    private long leadershipCheckedAt;
    private boolean leader;
    private Coordinator coordinator;

    public ControlLoop(String name, ControlEvents channel, CommitParticipant participant,
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
                try {
                    turn();
                } catch (ControlTopicUnavailableException e) {
                    kafkaUnavailable(e);
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke the poll
        } catch (RuntimeException e) {
            if (running) {
                log.error("The control loop stopped: {}", e.getMessage(), e);
                failure = e;
            }
        } finally {
            waitingFor = "closing its Kafka clients";
            closeChannel();
        }
    }

    private void turn() {
        waitingFor = "reading the control topic";
        for (ControlEvent event : channel.poll(POLL)) {
            waitingFor = "handling " + event.getClass().getSimpleName() + " of cycle " + event.cycleId();
            dispatch(event);
        }
        long now = System.currentTimeMillis();
        if (recheckLeadership || now - leadershipCheckedAt >= LEADERSHIP_CHECK_MS) {
            recheckLeadership = false;
            leadershipCheckedAt = now;
            waitingFor = "asking the consumer group which task coordinates";
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
            waitingFor = "running the commit cycle";
            coordinator.tick(now);
        }
        if (kafkaAwaySince != 0) {
            log.info("Kafka took control events again after {} ms; commit cycles go on",
                    System.currentTimeMillis() - kafkaAwaySince);
            kafkaAwaySince = 0;
        }
    }

    /** One warning per outage; the cycle in flight ends by its timeout, and the next starts when Kafka is back. */
    private void kafkaUnavailable(ControlTopicUnavailableException e) {
        if (kafkaAwaySince == 0) {
            kafkaAwaySince = System.currentTimeMillis();
            log.warn("{}. Waiting for Kafka: the cycle in flight will end without what was lost, its records are read"
                    + " again, and commit cycles go on once Kafka takes events again", e.getMessage());
        } else {
            log.debug("Kafka is still away: {}", e.getMessage());
        }
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
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

    /**
     * Stops the loop within a few seconds whatever Kafka does, so that Connect's graceful stop of the task holds: a
     * poll is woken at once, a send that waits for an absent broker is failed, and a question to the consumer group
     * gives up by its own timeout. The loop closes its Kafka clients on its way out.
     */
    public void stop() {
        running = false;
        if (!thread.isAlive()) {
            closeChannel();
            return;
        }
        channel.wakeup();
        if (!awaitEnd(STOP_WAIT)) {
            log.warn("The control loop is still {} after {} ms; failing its pending sends to Kafka", waitingFor,
                    STOP_WAIT.toMillis());
            channel.abortSends();
            if (!awaitEnd(STOP_WAIT)) {
                log.warn("The control loop is still {}; leaving it to end by its own timeout", waitingFor);
            }
        }
    }

    private boolean awaitEnd(Duration wait) {
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private void closeChannel() {
        if (channelClosed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (RuntimeException e) {
                log.warn("Error while closing the control topic's clients: {}", e.toString());
            }
        }
    }
}
