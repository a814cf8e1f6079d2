package io.lakesink.record;

import java.nio.ByteBuffer;

import org.apache.avro.Schema;

/**
 * Connect primitives. Avro has no 8 or 16 bit integers, so INT8 and INT16 widen to int. Values must
 * have the Java type Connect prescribes for the schema type: anything else is a conversion error,
 * never a silent truncation.
 */
final class PrimitiveMapping implements TypeFamilyMapping {

    @Override
    public boolean handles(org.apache.kafka.connect.data.Schema connectSchema) {
        return connectSchema.type().isPrimitive();
    }

    @Override
    public MappedType map(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path, ConnectAvroMapper mapper) {
        return switch (connectSchema.type()) {
            case INT8 -> new MappedType(Schema.create(Schema.Type.INT), value -> {
                if (value instanceof Byte b) {
                    return b.intValue();
                }
                throw RecordConversionException.unexpectedValue(path.toString(), "INT8 (java.lang.Byte)", value);
            });
            case INT16 -> new MappedType(Schema.create(Schema.Type.INT), value -> {
                if (value instanceof Short s) {
                    return s.intValue();
                }
                throw RecordConversionException.unexpectedValue(path.toString(), "INT16 (java.lang.Short)", value);
            });
            case INT32 -> typed(Schema.Type.INT, Integer.class, "INT32", path);
            case INT64 -> typed(Schema.Type.LONG, Long.class, "INT64", path);
            case FLOAT32 -> typed(Schema.Type.FLOAT, Float.class, "FLOAT32", path);
            case FLOAT64 -> typed(Schema.Type.DOUBLE, Double.class, "FLOAT64", path);
            case BOOLEAN -> typed(Schema.Type.BOOLEAN, Boolean.class, "BOOLEAN", path);
            case STRING -> new MappedType(Schema.create(Schema.Type.STRING), value -> {
                if (value instanceof CharSequence s) {
                    return s.toString();
                }
                throw RecordConversionException.unexpectedValue(path.toString(), "STRING (java.lang.String)", value);
            });
            case BYTES -> new MappedType(Schema.create(Schema.Type.BYTES), value -> bytes(value, path));
            default -> throw new IllegalArgumentException("not a primitive Connect type: " + connectSchema.type());
        };
    }

    static ByteBuffer bytes(Object value, FieldPath path) {
        if (value instanceof byte[] array) {
            return ByteBuffer.wrap(array);
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.duplicate();
        }
        throw RecordConversionException.unexpectedValue(path.toString(), "BYTES (byte[] or java.nio.ByteBuffer)", value);
    }

    private static MappedType typed(Schema.Type avroType, Class<?> javaType, String connectType, FieldPath path) {
        String expected = connectType + " (" + javaType.getName() + ")";
        return new MappedType(Schema.create(avroType), value -> {
            if (javaType.isInstance(value)) {
                return value;
            }
            throw RecordConversionException.unexpectedValue(path.toString(), expected, value);
        });
    }
}
