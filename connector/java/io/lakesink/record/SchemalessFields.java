package io.lakesink.record;

import java.util.List;

import org.apache.avro.Schema;

/**
 * What the per-record work on schemaless values reads of a record schema's fields (by position): each field's JSON
 * key, its type without the null branch, and whether that type is still unknown. Avro keeps the key and the mark in
 * property maps, so reading them for every field of every record cost more than the rest of the conversion; here
 * they are read once per schema.
 *
 * <p>One {@link Cache} per task; not thread-safe.
 */
final class SchemalessFields {

    final String[] keys;
    final Schema[] types;
    final boolean[] unknown;

    private SchemalessFields(Schema record) {
        List<Schema.Field> fields = record.getFields();
        int n = fields.size();
        keys = new String[n];
        types = new Schema[n];
        unknown = new boolean[n];
        for (int i = 0; i < n; i++) {
            keys[i] = SchemalessSchemas.sourceName(fields.get(i));
            types[i] = SchemalessSchemas.nonNull(fields.get(i).schema());
            unknown[i] = SchemalessSchemas.isUnknown(types[i]);
        }
    }

    /** The fields of the record schemas a task met lately. */
    static final class Cache {
        private static final int MAX_SCHEMAS = 256;

        private final LruCache<Schema, SchemalessFields> bySchema = new LruCache<>(MAX_SCHEMAS);
        private Schema last;
        private SchemalessFields lastFields;

        SchemalessFields of(Schema record) {
            if (record == last) {
                return lastFields;
            }
            SchemalessFields found = bySchema.computeIfAbsent(record, SchemalessFields::new);
            last = record;
            lastFields = found;
            return found;
        }
    }
}
