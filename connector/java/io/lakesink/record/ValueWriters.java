package io.lakesink.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * Compiles an Avro schema, walked side by side with the Parquet schema parquet-avro derives from it, into writers
 * that hand Avro values (as the row converters produce them: raw representations, no logical-type conversions) to
 * Parquet's {@link RecordConsumer}. Every decision parquet-avro takes per value (which union branch, which type,
 * which field name and index) is taken here once per schema.
 */
final class ValueWriters {

    private ValueWriters() {
    }

    /** Writes one non-null value. */
    @FunctionalInterface
    interface ValueWriter {
        void write(RecordConsumer consumer, Object value);
    }

    /** The writer of a whole row: its fields, without the surrounding message or group. */
    static RecordWriter rowWriter(Schema row, GroupType parquet) {
        return new RecordWriter(row, parquet);
    }

    static ValueWriter compile(Schema avro, Type parquet) {
        Schema schema = nonNull(avro);
        return switch (schema.getType()) {
            case BOOLEAN -> (c, v) -> c.addBoolean((Boolean) v);
            case INT -> (c, v) -> c.addInteger(v instanceof Character ch ? ch : ((Number) v).intValue());
            case LONG -> (c, v) -> c.addLong(((Number) v).longValue());
            case FLOAT -> (c, v) -> c.addFloat(((Number) v).floatValue());
            case DOUBLE -> (c, v) -> c.addDouble(((Number) v).doubleValue());
            case BYTES -> (c, v) -> c.addBinary(v instanceof byte[] bytes
                    ? Binary.fromReusedByteArray(bytes) : Binary.fromReusedByteBuffer((ByteBuffer) v));
            case FIXED -> (c, v) -> c.addBinary(Binary.fromReusedByteArray(((GenericFixed) v).bytes()));
            case ENUM -> (c, v) -> c.addBinary(Binary.fromString(v.toString()));
            case STRING -> {
                if (parquet.isPrimitive()
                        && parquet.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                    throw new IllegalArgumentException("Parquet UUID columns are not written by LakeSink: " + parquet);
                }
                yield (c, v) -> c.addBinary(string(v));
            }
            case RECORD -> {
                RecordWriter record = new RecordWriter(schema, parquet.asGroupType());
                yield (c, v) -> {
                    c.startGroup();
                    record.writeFields(c, (IndexedRecord) v);
                    c.endGroup();
                };
            }
            case ARRAY -> list(schema, parquet.asGroupType());
            case MAP -> map(schema, parquet.asGroupType());
            case UNION, NULL -> throw new IllegalArgumentException("Avro union " + avro
                    + " has more than one non-null branch; LakeSink's rows only use unions with null");
        };
    }

    /** parquet-avro's string encoding: Utf8's bytes as they are, anything else encoded to UTF-8. */
    static Binary string(Object value) {
        if (value instanceof Utf8 utf8) {
            return Binary.fromReusedByteArray(utf8.getBytes(), 0, utf8.getByteLength());
        }
        if (value instanceof String s) {
            return Binary.fromString(s);
        }
        return value instanceof CharSequence cs ? Binary.fromCharSequence(cs) : Binary.fromString(value.toString());
    }

    /** A union of null and one type is that type, optional in Parquet; anything else stays as it is. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> branches = schema.getTypes();
        if (branches.size() == 2) {
            if (branches.get(0).getType() == Schema.Type.NULL) {
                return branches.get(1);
            }
            if (branches.get(1).getType() == Schema.Type.NULL) {
                return branches.get(0);
            }
        }
        return schema;
    }

    /** 3-level list: {@code group (LIST) { repeated group list { element } }}; an empty list writes no entries. */
    private static ValueWriter list(Schema array, GroupType parquet) {
        GroupType repeated = parquet.getType(0).asGroupType();
        String repeatedName = repeated.getName();
        Type elementType = repeated.getType(0);
        String elementName = elementType.getName();
        boolean elementOptional = elementType.isRepetition(Type.Repetition.OPTIONAL);
        ValueWriter element = compile(array.getElementType(), elementType);
        String column = parquet.getName();
        return (c, v) -> writeRepeated(c, repeatedName, (Collection<?>) v, (consumer, item) -> {
            if (item != null) {
                consumer.startField(elementName, 0);
                element.write(consumer, item);
                consumer.endField(elementName, 0);
            } else if (!elementOptional) {
                throw new IllegalArgumentException("null element in list column " + column + " whose elements are required");
            }
        });
    }

    /** {@code group (MAP) { repeated group key_value { required binary key; value } }}. */
    private static ValueWriter map(Schema map, GroupType parquet) {
        GroupType repeated = parquet.getType(0).asGroupType();
        String repeatedName = repeated.getName();
        String keyName = repeated.getType(0).getName();
        Type valueType = repeated.getType(1);
        String valueName = valueType.getName();
        boolean valueOptional = valueType.isRepetition(Type.Repetition.OPTIONAL);
        ValueWriter value = compile(map.getValueType(), valueType);
        String column = parquet.getName();
        return (c, v) -> writeRepeated(c, repeatedName, ((Map<?, ?>) v).entrySet(), (consumer, entry) -> {
            consumer.startField(keyName, 0);
            consumer.addBinary(string(entry.getKey()));
            consumer.endField(keyName, 0);
            if (entry.getValue() != null) {
                consumer.startField(valueName, 1);
                value.write(consumer, entry.getValue());
                consumer.endField(valueName, 1);
            } else if (!valueOptional) {
                throw new IllegalArgumentException("null value in map column " + column + " whose values are required");
            }
        });
    }

    /**
     * A LIST or MAP group: its repeated group once per entry, each entry a group of its own; no repeated field at
     * all when there are no entries (an empty list, not a null one).
     */
    private static <T> void writeRepeated(RecordConsumer c, String repeatedName, Collection<T> entries,
                                          BiConsumer<RecordConsumer, T> entryFields) {
        c.startGroup();
        if (!entries.isEmpty()) {
            c.startField(repeatedName, 0);
            for (T entry : entries) {
                c.startGroup();
                entryFields.accept(c, entry);
                c.endGroup();
            }
            c.endField(repeatedName, 0);
        }
        c.endGroup();
    }

    /** The fields of a record; Avro fields of type null have no Parquet column and are skipped. */
    static final class RecordWriter {
        private final int[] avroPositions;
        private final String[] names;
        private final boolean[] required;
        private final ValueWriter[] writers;

        RecordWriter(Schema record, GroupType parquet) {
            List<Integer> positions = new ArrayList<>();
            List<ValueWriter> compiled = new ArrayList<>();
            List<Schema.Field> fields = record.getFields();
            int parquetIndex = 0;
            for (Schema.Field field : fields) {
                if (field.schema().getType() == Schema.Type.NULL) {
                    continue;
                }
                positions.add(field.pos());
                compiled.add(compile(field.schema(), parquet.getType(parquetIndex)));
                parquetIndex++;
            }
            if (parquetIndex != parquet.getFieldCount()) {
                throw new IllegalArgumentException("Avro record " + record.getFullName() + " has " + parquetIndex
                        + " columns but its Parquet group has " + parquet.getFieldCount());
            }
            avroPositions = positions.stream().mapToInt(Integer::intValue).toArray();
            writers = compiled.toArray(ValueWriter[]::new);
            names = new String[writers.length];
            required = new boolean[writers.length];
            for (int i = 0; i < writers.length; i++) {
                names[i] = parquet.getType(i).getName();
                required[i] = parquet.getType(i).isRepetition(Type.Repetition.REQUIRED);
            }
        }

        void writeFields(RecordConsumer c, IndexedRecord record) {
            for (int i = 0; i < writers.length; i++) {
                Object value = record.get(avroPositions[i]);
                if (value != null) {
                    c.startField(names[i], i);
                    writers[i].write(c, value);
                    c.endField(names[i], i);
                } else if (required[i]) {
                    throw new IllegalArgumentException("null value for required column " + names[i]);
                }
            }
        }
    }
}
