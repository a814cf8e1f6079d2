package io.lakesink.commit;

import io.lakesink.commit.event.ControlEvent;

import java.time.Duration;
import java.util.List;

/**
 * The control topic as the commit protocol sees it: events sent and events read. {@link ControlChannel} is the
 * Kafka one; the protocol's parts ({@link Coordinator}, {@link CommitParticipant}, {@link ControlLoop}) depend only
 * on this, so each can be tried on its own.
 */
public interface ControlEvents extends AutoCloseable {
    /**
     * @throws ControlTopicUnavailableException when the event could not be delivered in time (a wait, not an end)
     */
    void send(ControlEvent event);

    /** This connector's events that arrived since the last poll, waiting at most {@code timeout} for some. */
    List<ControlEvent> poll(Duration timeout);

    /** Makes a poll in progress on another thread return at once. */
    void wakeup();

    /** Fails a send in progress on another thread at once; afterwards only {@link #close} is allowed. */
    void abortSends();

    @Override
    void close();
}
