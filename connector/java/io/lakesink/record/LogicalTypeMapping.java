package io.lakesink.record;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Map;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Connect's logical types Decimal, Date, Time and Timestamp, recognised by schema name. Values are
 * written in Avro's raw representation (unscaled bytes, days, millis), which parquet-avro annotates
 * as Parquet DECIMAL, DATE, TIME(MILLIS) and TIMESTAMP(MILLIS, UTC).
 */
final class LogicalTypeMapping implements TypeFamilyMapping {

    /** Parameter Confluent's converters put on Decimal schemas; Connect itself records only the scale. */
    static final String PRECISION_PARAMETER = "connect.decimal.precision";

    /**
     * Precision used when a Decimal schema does not say: 38 digits is the most that Spark, Trino,
     * Hive and DuckDB read as a decimal, so a larger default would make the files unreadable there.
     */
    static final int DEFAULT_DECIMAL_PRECISION = 38;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    @Override
    public boolean handles(org.apache.kafka.connect.data.Schema connectSchema) {
        String name = connectSchema.name();
        return Decimal.LOGICAL_NAME.equals(name) || Date.LOGICAL_NAME.equals(name)
                || Time.LOGICAL_NAME.equals(name) || Timestamp.LOGICAL_NAME.equals(name);
    }

    @Override
    public MappedType map(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path, ConnectAvroMapper mapper) {
        return switch (connectSchema.name()) {
            case Decimal.LOGICAL_NAME -> decimal(connectSchema, path);
            case Date.LOGICAL_NAME -> new MappedType(
                    LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT)),
                    value -> (int) Math.floorDiv(millis(value, "Date", path), MILLIS_PER_DAY));
            case Time.LOGICAL_NAME -> new MappedType(
                    LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT)),
                    value -> timeOfDay(value, path));
            case Timestamp.LOGICAL_NAME -> new MappedType(
                    LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)),
                    value -> millis(value, "Timestamp", path));
            default -> throw new IllegalArgumentException("not a logical type: " + connectSchema.name());
        };
    }

    private static MappedType decimal(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path) {
        Map<String, String> parameters = connectSchema.parameters() == null ? Map.of() : connectSchema.parameters();
        int scale = intParameter(parameters, Decimal.SCALE_FIELD, null, path);
        int precision = intParameter(parameters, PRECISION_PARAMETER, DEFAULT_DECIMAL_PRECISION, path);
        if (precision < 1 || scale < 0 || scale > precision) {
            throw new RecordConversionException("field '" + path + "': Decimal with precision " + precision
                    + " and scale " + scale + " cannot be written (need 0 <= scale <= precision)");
        }
        Schema avro = LogicalTypes.decimal(precision, scale).addToSchema(Schema.create(Schema.Type.BYTES));
        return new MappedType(avro, value -> {
            if (!(value instanceof BigDecimal decimal)) {
                throw RecordConversionException.unexpectedValue(path.toString(), "Decimal (java.math.BigDecimal)", value);
            }
            BigDecimal scaled;
            try {
                scaled = decimal.setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new RecordConversionException("field '" + path + "': Decimal value " + decimal
                        + " has more than " + scale + " digits after the point", e);
            }
            if (scaled.precision() > precision) {
                throw new RecordConversionException("field '" + path + "': Decimal value " + decimal
                        + " needs more than " + precision + " digits of precision");
            }
            return ByteBuffer.wrap(scaled.unscaledValue().toByteArray());
        });
    }

    private static int intParameter(Map<String, String> parameters, String name, Integer fallback, FieldPath path) {
        String text = parameters.get(name);
        if (text == null) {
            if (fallback == null) {
                throw new RecordConversionException("field '" + path + "': Decimal schema lacks parameter '" + name + "'");
            }
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new RecordConversionException("field '" + path + "': Decimal parameter '" + name
                    + "' is not an integer: '" + text + "'", e);
        }
    }

    private static long millis(Object value, String logicalType, FieldPath path) {
        if (value instanceof java.util.Date date) {
            return date.getTime();
        }
        throw RecordConversionException.unexpectedValue(path.toString(), logicalType + " (java.util.Date)", value);
    }

    private static int timeOfDay(Object value, FieldPath path) {
        long millis = millis(value, "Time", path);
        if (millis < 0 || millis >= MILLIS_PER_DAY) {
            throw new RecordConversionException("field '" + path + "': Time value " + millis
                    + " ms is not within one day (Connect Time holds milliseconds since midnight)");
        }
        return (int) millis;
    }
}
