package io.lakesink.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/** Connect structs become Avro records, field by field, keeping field order, docs and defaults. */
final class StructMapping implements TypeFamilyMapping {

    @Override
    public boolean handles(org.apache.kafka.connect.data.Schema connectSchema) {
        return connectSchema.type() == org.apache.kafka.connect.data.Schema.Type.STRUCT;
    }

    @Override
    public MappedType map(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path, ConnectAvroMapper mapper) {
        List<Field> connectFields = connectSchema.fields();
        List<Schema.Field> avroFields = new ArrayList<>(connectFields.size());
        AvroValueConverter[] converters = new AvroValueConverter[connectFields.size()];
        String[] names = new String[connectFields.size()];
        Map<String, String> sanitizedToOriginal = new HashMap<>();
        for (int i = 0; i < connectFields.size(); i++) {
            Field field = connectFields.get(i);
            String avroName = AvroNames.sanitize(field.name());
            String clash = sanitizedToOriginal.putIfAbsent(avroName, field.name());
            if (clash != null) {
                throw new RecordConversionException("fields '" + path.child(clash) + "' and '" + path.child(field.name())
                        + "' both map to the column name '" + avroName + "'");
            }
            FieldPath fieldPath = path.child(field.name());
            MappedField mapped = mapper.mapField(avroName, field.schema(), fieldPath);
            avroFields.add(mapped.avroField());
            converters[i] = mapped.converter();
            names[i] = field.name();
        }
        if (avroFields.isEmpty()) {
            throw new RecordConversionException("field '" + path + "': a struct without fields cannot be written to Parquet");
        }
        Schema record = Schema.createRecord(path.recordName(), connectSchema.doc(), null, false, avroFields);
        if (connectSchema.name() != null) {
            record.addProp("connect.name", connectSchema.name());
        }
        MappedType.StructFiller filler = (struct, out, offset) -> {
            if (struct.schema() == connectSchema) {
                // the usual case: the struct carries the very schema this mapping was compiled for, so its fields
                // are read by position instead of by name
                for (int i = 0; i < converters.length; i++) {
                    out.put(offset + i, converters[i].convert(struct.get(connectFields.get(i))));
                }
            } else {
                for (int i = 0; i < names.length; i++) {
                    out.put(offset + i, converters[i].convert(fieldValue(struct, names[i], path)));
                }
            }
        };
        return new MappedType(record, value -> {
            if (!(value instanceof Struct struct)) {
                throw RecordConversionException.unexpectedValue(path.toString(), "STRUCT (org.apache.kafka.connect.data.Struct)", value);
            }
            GenericData.Record out = new GenericData.Record(record);
            filler.fill(struct, out, 0);
            return out;
        }, filler);
    }

    /** Struct.get applies the field's default when the value is null, which is what we want. */
    private static Object fieldValue(Struct struct, String name, FieldPath path) {
        try {
            return struct.get(name);
        } catch (DataException e) {
            throw new RecordConversionException("field '" + path.child(name) + "': the struct's own schema "
                    + "does not have this field (" + e.getMessage() + ")", e);
        }
    }
}
