package io.lakesink.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Connect maps. Avro maps only have string keys, so a map with string keys becomes an Avro map and
 * any other map becomes an array of {@code {key, value}} records, the usual Avro encoding.
 */
final class MapMapping implements TypeFamilyMapping {

    static final String KEY_FIELD = "key";
    static final String VALUE_FIELD = "value";

    @Override
    public boolean handles(org.apache.kafka.connect.data.Schema connectSchema) {
        return connectSchema.type() == org.apache.kafka.connect.data.Schema.Type.MAP;
    }

    @Override
    public MappedType map(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path, ConnectAvroMapper mapper) {
        org.apache.kafka.connect.data.Schema keySchema = connectSchema.keySchema();
        boolean stringKeys = keySchema.type() == org.apache.kafka.connect.data.Schema.Type.STRING
                && keySchema.name() == null;
        return stringKeys ? stringKeyed(connectSchema, path, mapper) : entryArray(connectSchema, path, mapper);
    }

    private static MappedType stringKeyed(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path,
                                          ConnectAvroMapper mapper) {
        MappedType values = mapper.map(connectSchema.valueSchema(), path.mapEntry());
        Schema map = Schema.createMap(values.avroSchema());
        AvroValueConverter valueConverter = values.converter();
        return new MappedType(map, value -> {
            Map<?, ?> input = asMap(value, path);
            Map<String, Object> out = new LinkedHashMap<>(input.size() * 2);
            for (Map.Entry<?, ?> entry : input.entrySet()) {
                if (!(entry.getKey() instanceof CharSequence key)) {
                    throw RecordConversionException.unexpectedValue(path + "{key}", "a STRING map key", entry.getKey());
                }
                out.put(key.toString(), valueConverter.convert(entry.getValue()));
            }
            return out;
        });
    }

    private static MappedType entryArray(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path,
                                         ConnectAvroMapper mapper) {
        FieldPath entryPath = path.mapEntry();
        MappedField key = mapper.mapField(KEY_FIELD, connectSchema.keySchema(), entryPath.child(KEY_FIELD));
        MappedField value = mapper.mapField(VALUE_FIELD, connectSchema.valueSchema(), entryPath.child(VALUE_FIELD));
        Schema entry = Schema.createRecord(entryPath.recordName(), null, null, false,
                List.of(key.avroField(), value.avroField()));
        Schema array = Schema.createArray(entry);
        return new MappedType(array, input -> {
            Map<?, ?> map = asMap(input, path);
            List<Object> out = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                GenericData.Record record = new GenericData.Record(entry);
                record.put(0, key.converter().convert(e.getKey()));
                record.put(1, value.converter().convert(e.getValue()));
                out.add(record);
            }
            return new GenericData.Array<>(array, out);
        });
    }

    private static Map<?, ?> asMap(Object value, FieldPath path) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw RecordConversionException.unexpectedValue(path.toString(), "MAP (java.util.Map)", value);
    }
}
