package io.lakesink.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Avro field defaults are JSON: this turns a converted Avro value into the Java form Avro's
 * {@code Schema.Field} constructor serialises as that JSON (bytes as ISO-8859-1 text, records as maps).
 */
final class AvroDefaults {

    private AvroDefaults() {
    }

    static Object toFieldDefault(Object avroValue) {
        return avroValue == null ? JsonProperties.NULL_VALUE : toJsonObject(avroValue);
    }

    private static Object toJsonObject(Object avroValue) {
        if (avroValue instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (avroValue instanceof GenericRecord record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                out.put(field.name(), toJsonObject(record.get(field.pos())));
            }
            return out;
        }
        if (avroValue instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), toJsonObject(v)));
            return out;
        }
        if (avroValue instanceof Collection<?> items) {
            var out = new ArrayList<>(items.size());
            items.forEach(item -> out.add(toJsonObject(item)));
            return out;
        }
        return avroValue;
    }
}
