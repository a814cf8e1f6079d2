package io.lakesink.commit;

import org.apache.kafka.connect.errors.RetriableException;

/**
 * Kafka did not take a control event in time (the broker is away, or the transaction coordinator is moving). The
 * event is lost, which the commit protocol survives: the cycle times out or ends without that answer, and the
 * tasks read the affected records again. The control loop waits and goes on; it is not the task's end.
 */
public final class ControlTopicUnavailableException extends RetriableException {
    public ControlTopicUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
