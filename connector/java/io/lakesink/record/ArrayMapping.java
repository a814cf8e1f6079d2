package io.lakesink.record;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Connect arrays become Avro arrays (Parquet 3-level lists, so elements may be null). */
final class ArrayMapping implements TypeFamilyMapping {

    @Override
    public boolean handles(org.apache.kafka.connect.data.Schema connectSchema) {
        return connectSchema.type() == org.apache.kafka.connect.data.Schema.Type.ARRAY;
    }

    @Override
    public MappedType map(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path, ConnectAvroMapper mapper) {
        MappedType items = mapper.map(connectSchema.valueSchema(), path.arrayItem());
        Schema array = Schema.createArray(items.avroSchema());
        AvroValueConverter itemConverter = items.converter();
        return new MappedType(array, value -> {
            if (!(value instanceof Collection<?> collection)) {
                throw RecordConversionException.unexpectedValue(path.toString(), "ARRAY (java.util.List)", value);
            }
            List<Object> out = new ArrayList<>(collection.size());
            for (Object item : collection) {
                out.add(itemConverter.convert(item));
            }
            return new GenericData.Array<>(array, out);
        });
    }
}
