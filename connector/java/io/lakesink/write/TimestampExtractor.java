package io.lakesink.write;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where the time-based partitioner takes a record's time from; the names match the Confluent
 * sinks' {@code timestamp.extractor} values: {@code Record}, {@code RecordField}, {@code Wallclock}.
 */
@FunctionalInterface
public interface TimestampExtractor {

    /** Epoch milliseconds. @throws PartitionException when the record has no usable time */
    long timestampMillis(SinkRecord record);

    /** The Kafka record timestamp. */
    static TimestampExtractor recordTimestamp() {
        return record -> {
            Long ts = record.timestamp();
            if (ts == null || ts < 0) {
                throw new PartitionException("record " + FieldValues.coordinates(record)
                        + " has no timestamp; use timestamp.extractor=RecordField or Wallclock");
            }
            return ts;
        };
    }

    /**
     * A field of the value (dotted name for nested fields) holding epoch millis (any integer type),
     * a {@code java.util.Date} (Connect Timestamp/Date), or an ISO-8601 instant string.
     */
    static TimestampExtractor field(String dottedName) {
        return record -> {
            Object value = FieldValues.find(record, dottedName).value();
            if (value instanceof java.util.Date date) {
                return date.getTime();
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                return ((Number) value).longValue();
            }
            if (value instanceof CharSequence text) {
                try {
                    return Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw new PartitionException("timestamp field '" + dottedName + "' of record "
                            + FieldValues.coordinates(record) + " is not an ISO-8601 instant: '" + text + "'", e);
                }
            }
            throw new PartitionException("timestamp field '" + dottedName + "' of record " + FieldValues.coordinates(record)
                    + " is " + (value == null ? "null" : value.getClass().getName())
                    + "; expected epoch millis, a Connect Timestamp or an ISO-8601 string");
        };
    }

    /** The time the record is written: partitions by ingestion time. */
    static TimestampExtractor wallclock(Clock clock) {
        return record -> clock.millis();
    }

    /** Parses the {@code timestamp.extractor} config value. */
    static TimestampExtractor fromConfig(String name, String timestampField, Clock clock) {
        switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "record":
                return recordTimestamp();
            case "wallclock":
                return wallclock(clock);
            case "recordfield":
                if (timestampField == null || timestampField.isBlank()) {
                    throw new IllegalArgumentException("timestamp.extractor=RecordField needs timestamp.field");
                }
                return field(timestampField.trim());
            default:
                throw new IllegalArgumentException("unknown timestamp.extractor '" + name
                        + "'; expected Record, RecordField or Wallclock");
        }
    }
}
