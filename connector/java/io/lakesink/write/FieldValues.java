package io.lakesink.write;

import java.math.BigDecimal;
import java.util.Map;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Finds a field of a record value by dotted name ({@code user.address.country}) in a Connect
 * {@link Struct} or a schemaless {@link Map}, and renders scalar values as partition text.
 */
final class FieldValues {

    private FieldValues() {
    }

    /** A value with the Connect schema it has (null for schemaless values). */
    record Found(Object value, Schema schema) {
    }

    static Found find(SinkRecord record, String dottedName) {
        Object current = record.value();
        Schema schema = record.valueSchema();
        if (current == null) {
            throw new PartitionException("field '" + dottedName + "': record " + coordinates(record)
                    + " has no value (tombstone) to take it from");
        }
        String[] parts = dottedName.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String soFar = String.join(".", java.util.Arrays.copyOf(parts, i + 1));
            if (current instanceof Struct struct) {
                Field field = struct.schema().field(part);
                if (field == null) {
                    throw new PartitionException("field '" + soFar + "' does not exist in the value schema of record "
                            + coordinates(record));
                }
                current = struct.get(field);
                schema = field.schema();
            } else if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(part)) {
                    throw new PartitionException("field '" + soFar + "' is missing in the value of record " + coordinates(record));
                }
                current = map.get(part);
                schema = null;
            } else {
                String parent = i == 0 ? "the value" : "field '" + String.join(".", java.util.Arrays.copyOf(parts, i)) + "'";
                throw new PartitionException("field '" + dottedName + "': " + parent + " of record " + coordinates(record)
                        + " is " + typeName(current) + ", not a struct or map");
            }
            if (current == null && i < parts.length - 1) {
                return new Found(null, schema);
            }
        }
        return new Found(current, schema);
    }

    /** Text of a scalar partition value; null stays null (the encoder turns it into the placeholder). */
    static String text(Found found, String dottedName) {
        Object value = found.value();
        if (value == null) {
            return null;
        }
        String logical = found.schema() == null ? null : found.schema().name();
        if (value instanceof java.util.Date date) {
            if (Date.LOGICAL_NAME.equals(logical)) {
                return java.time.LocalDate.ofEpochDay(Math.floorDiv(date.getTime(), 86_400_000L)).toString();
            }
            if (Time.LOGICAL_NAME.equals(logical)) {
                return java.time.LocalTime.ofNanoOfDay(date.getTime() * 1_000_000L).toString();
            }
            if (Timestamp.LOGICAL_NAME.equals(logical) || logical == null) {
                return date.toInstant().toString();
            }
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new PartitionException("field '" + dottedName + "': " + typeName(value)
                + " cannot be a partition value (use a string, number, boolean, date or timestamp field)");
    }

    static String coordinates(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    private static String typeName(Object value) {
        return value instanceof Struct ? "a struct" : value.getClass().getName();
    }
}
