package io.lakesink.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Converts schemaless values to a schema {@link SchemalessSchemas#widen} produced for them, so the
 * value is known to fit: numbers are widened and values of string columns written as JSON text.
 */
final class SchemalessValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemalessValues() {
    }

    static GenericData.Record toRecord(Map<?, ?> map, Schema record, FieldPath path, SchemalessFields.Cache cache) {
        GenericData.Record out = new GenericData.Record(record);
        SchemalessFields fields = cache.of(record);
        for (int i = 0; i < fields.keys.length; i++) {
            Object value = map.get(fields.keys[i]);
            if (value != null) {
                out.put(i, toAvro(value, fields.types[i], fields.unknown[i], path.child(fields.keys[i]), cache));
            }
        }
        return out;
    }

    /** {@code type} without its null branch, {@code unknown} whether it is still a placeholder; value not null. */
    private static Object toAvro(Object value, Schema type, boolean unknown, FieldPath path,
                                 SchemalessFields.Cache cache) {
        if (unknown) {
            return jsonText(value, path);
        }
        return switch (type.getType()) {
            case STRING -> value instanceof CharSequence text ? text.toString() : jsonText(value, path);
            case BOOLEAN -> value;
            case INT -> ((Number) value).intValue();
            case LONG -> value instanceof java.util.Date date ? date.getTime() : ((Number) value).longValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case BYTES -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : ((ByteBuffer) value).duplicate();
            case RECORD -> toRecord((Map<?, ?>) value, type, path, cache);
            case ARRAY -> {
                Collection<?> items = (Collection<?>) value;
                Schema itemType = SchemalessSchemas.nonNull(type.getElementType());
                boolean itemUnknown = SchemalessSchemas.isUnknown(itemType);
                List<Object> out = new ArrayList<>(items.size());
                for (Object item : items) {
                    out.add(item == null ? null : toAvro(item, itemType, itemUnknown, path.arrayItem(), cache));
                }
                yield new GenericData.Array<>(type, out);
            }
            default -> throw new IllegalStateException("field '" + path + "': schemaless inference produced "
                    + type.getType() + ", which it never should");
        };
    }

    static String jsonText(Object value, FieldPath path) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new RecordConversionException("field '" + path + "': value of type "
                    + value.getClass().getName() + " cannot be written as JSON text", e);
        }
    }
}
