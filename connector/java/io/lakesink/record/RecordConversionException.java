package io.lakesink.record;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record whose data cannot be written as a Parquet row. It extends Connect's
 * {@link DataException} so the task can hand it to the errant record reporter (DLQ) as it is; the
 * message always names the field path and the type involved.
 */
public class RecordConversionException extends DataException {

    public RecordConversionException(String message) {
        super(message);
    }

    public RecordConversionException(String message, Throwable cause) {
        super(message, cause);
    }

    static RecordConversionException unexpectedValue(String path, String expected, Object value) {
        return new RecordConversionException("field '" + path + "': expected " + expected + " but got "
                + describe(value));
    }

    static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
