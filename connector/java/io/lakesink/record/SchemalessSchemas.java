package io.lakesink.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Infers Avro schemas for schemaless values (JSON maps without a Connect schema) and widens them
 * as records arrive, so one file can hold a stream whose shape grows.
 *
 * <p>The rules form a lattice, so the order of records never changes the result:
 * <ul>
 *   <li>every field is optional ({@code ["null", T]}, default null) and fields keep first-seen order;
 *       a new field is appended;</li>
 *   <li>int widens to long, int and long widen to double;</li>
 *   <li>any other conflict (string vs number, record vs array, ...) widens to string, and values are
 *       then written as their JSON text;</li>
 *   <li>a field seen only as null, empty object or in an empty array has no type yet: it is written
 *       as a string column marked {@value #UNKNOWN_PROP} and takes the first real type seen.</li>
 * </ul>
 */
final class SchemalessSchemas {

    /** Marks the placeholder type of a field whose type is not known yet. */
    static final String UNKNOWN_PROP = "lakesink.unknown";
    /** Holds a field's original JSON key when it is not a valid Avro name. */
    static final String SOURCE_NAME_PROP = "lakesink.source.name";

    private SchemalessSchemas() {
    }

    /**
     * Returns {@code current} itself when {@code value} fits it (the common case, no allocation),
     * otherwise the smallest widening of {@code current} that holds {@code value}.
     */
    static Schema widen(Schema current, Map<?, ?> value, FieldPath path, SchemalessFields.Cache fields) {
        if (current != null && fitsRecord(fields.of(current), value, fields)) {
            return current;
        }
        Schema inferred = inferRecord(value, path);
        if (current == null) {
            return inferred == null ? emptyRecord(path) : inferred;
        }
        return inferred == null ? current : merge(current, inferred, path);
    }

    /** The original key of a record field. */
    static String sourceName(Schema.Field field) {
        String source = field.getProp(SOURCE_NAME_PROP);
        return source == null ? field.name() : source;
    }

    static boolean isUnknown(Schema schema) {
        return schema.getProp(UNKNOWN_PROP) != null;
    }

    /** The non-null branch of an optional schema. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        throw new IllegalStateException("union without a non-null branch: " + schema);
    }

    // ---- inference -------------------------------------------------------------------------

    private static Schema infer(Object value, FieldPath path) {
        if (value == null) {
            return unknown();
        }
        if (value instanceof Boolean) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
            return Schema.create(Schema.Type.INT);
        }
        if (value instanceof Long) {
            return Schema.create(Schema.Type.LONG);
        }
        if (value instanceof BigInteger big) {
            return Schema.create(big.bitLength() < 64 ? Schema.Type.LONG : Schema.Type.STRING);
        }
        if (value instanceof Float || value instanceof Double || value instanceof BigDecimal) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (value instanceof CharSequence) {
            return Schema.create(Schema.Type.STRING);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return Schema.create(Schema.Type.BYTES);
        }
        if (value instanceof java.util.Date) {
            return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        }
        if (value instanceof Map<?, ?> map) {
            Schema record = inferRecord(map, path);
            return record == null ? unknown() : record;
        }
        if (value instanceof Collection<?> items) {
            Schema itemType = unknown();
            for (Object item : items) {
                itemType = merge(itemType, infer(item, path.arrayItem()), path.arrayItem());
            }
            return Schema.createArray(optional(itemType));
        }
        throw new RecordConversionException("field '" + path + "': schemaless value of type "
                + value.getClass().getName() + " is not supported (expected JSON types: map, list, string, "
                + "number, boolean, bytes or null)");
    }

    /** A record for a non-empty map, or null for an empty one (Parquet has no empty groups). */
    private static Schema inferRecord(Map<?, ?> map, FieldPath path) {
        if (map.isEmpty()) {
            return null;
        }
        List<Schema.Field> fields = new ArrayList<>(map.size());
        Map<String, String> sanitizedToKey = new HashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new RecordConversionException("field '" + path + "': schemaless map key "
                        + RecordConversionException.describe(entry.getKey()) + " is not a string");
            }
            String avroName = AvroNames.sanitize(key);
            String clash = sanitizedToKey.putIfAbsent(avroName, key);
            if (clash != null) {
                throw new RecordConversionException("fields '" + path.child(clash) + "' and '" + path.child(key)
                        + "' both map to the column name '" + avroName + "'");
            }
            fields.add(field(avroName, key, infer(entry.getValue(), path.child(key))));
        }
        return Schema.createRecord(path.recordName(), null, null, false, fields);
    }

    /** A first record of {@code {}} still gives a row (its Kafka columns); fields come later. */
    private static Schema emptyRecord(FieldPath path) {
        return Schema.createRecord(path.recordName(), null, null, false, List.of());
    }

    // ---- widening --------------------------------------------------------------------------

    private static Schema merge(Schema a, Schema b, FieldPath path) {
        a = nonNull(a);
        b = nonNull(b);
        if (isUnknown(a)) {
            return b;
        }
        if (isUnknown(b) || a.equals(b)) {
            return a;
        }
        Schema.Type ta = a.getType();
        Schema.Type tb = b.getType();
        if (ta == Schema.Type.RECORD && tb == Schema.Type.RECORD) {
            return mergeRecords(a, b, path);
        }
        if (ta == Schema.Type.ARRAY && tb == Schema.Type.ARRAY) {
            return Schema.createArray(optional(merge(a.getElementType(), b.getElementType(), path.arrayItem())));
        }
        int rankA = numericRank(a);
        int rankB = numericRank(b);
        if (rankA > 0 && rankB > 0) {
            return rankA >= rankB ? a : b;
        }
        return Schema.create(Schema.Type.STRING);
    }

    private static Schema mergeRecords(Schema a, Schema b, FieldPath path) {
        Map<String, Schema.Field> bFields = new LinkedHashMap<>();
        b.getFields().forEach(f -> bFields.put(f.name(), f));
        List<Schema.Field> merged = new ArrayList<>(a.getFields().size() + bFields.size());
        for (Schema.Field fa : a.getFields()) {
            Schema.Field fb = bFields.remove(fa.name());
            if (fb == null) {
                merged.add(new Schema.Field(fa, fa.schema()));
                continue;
            }
            String key = sourceName(fa);
            if (!key.equals(sourceName(fb))) {
                throw new RecordConversionException("fields '" + path.child(key) + "' and '" + path.child(sourceName(fb))
                        + "' both map to the column name '" + fa.name() + "'");
            }
            merged.add(field(fa.name(), key, merge(fa.schema(), fb.schema(), path.child(key))));
        }
        bFields.values().forEach(fb -> merged.add(new Schema.Field(fb, fb.schema())));
        return Schema.createRecord(a.getFullName(), null, null, false, merged);
    }

    private static int numericRank(Schema schema) {
        if (schema.getLogicalType() != null) {
            return 0;
        }
        return switch (schema.getType()) {
            case INT -> 1;
            case LONG -> 2;
            case DOUBLE -> 3;
            default -> 0;
        };
    }

    // ---- fitting: does a value need no widening? ---------------------------------------------

    private static boolean fits(Schema schema, Object value, SchemalessFields.Cache fields) {
        if (value == null) {
            return true;
        }
        Schema type = nonNull(schema);
        return fitsType(type, isUnknown(type), value, fields);
    }

    /** {@code type} without its null branch, {@code unknown} whether it is still a placeholder; value not null. */
    private static boolean fitsType(Schema type, boolean unknown, Object value, SchemalessFields.Cache fields) {
        if (unknown) {
            return value instanceof Map<?, ?> map && map.isEmpty();
        }
        return switch (type.getType()) {
            case STRING -> true;
            case BOOLEAN -> value instanceof Boolean;
            case INT -> value instanceof Integer || value instanceof Short || value instanceof Byte;
            case LONG -> type.getLogicalType() != null
                    ? value instanceof java.util.Date
                    : value instanceof Long || value instanceof Integer || value instanceof Short
                        || value instanceof Byte || (value instanceof BigInteger big && big.bitLength() < 64);
            case DOUBLE -> value instanceof Number;
            case BYTES -> value instanceof byte[] || value instanceof ByteBuffer;
            case RECORD -> value instanceof Map<?, ?> map && fitsRecord(fields.of(type), map, fields);
            case ARRAY -> value instanceof Collection<?> items
                    && items.stream().allMatch(i -> fits(type.getElementType(), i, fields));
            default -> false;
        };
    }

    private static boolean fitsRecord(SchemalessFields record, Map<?, ?> map, SchemalessFields.Cache fields) {
        int matched = 0;
        for (int i = 0; i < record.keys.length; i++) {
            Object value = map.get(record.keys[i]);
            if (value != null) {
                matched++;
                if (!fitsType(record.types[i], record.unknown[i], value, fields)) {
                    return false;
                }
            } else if (map.containsKey(record.keys[i])) {
                matched++;
            }
        }
        return matched == map.size();
    }

    // ---- building blocks ---------------------------------------------------------------------

    private static Schema unknown() {
        Schema placeholder = Schema.create(Schema.Type.STRING);
        placeholder.addProp(UNKNOWN_PROP, "true");
        return placeholder;
    }

    private static Schema optional(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), nonNull(schema));
    }

    private static Schema.Field field(String avroName, String key, Schema type) {
        Schema.Field field = new Schema.Field(avroName, optional(type), null, JsonProperties.NULL_VALUE);
        if (!avroName.equals(key)) {
            field.addProp(SOURCE_NAME_PROP, key);
        }
        return field;
    }
}
