package io.lakesink.write;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record that cannot be placed in a partition (missing field, unsupported type, no timestamp).
 * A {@link DataException}, so the task can send the record to the DLQ with this message.
 */
public class PartitionException extends DataException {

    public PartitionException(String message) {
        super(message);
    }

    public PartitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
