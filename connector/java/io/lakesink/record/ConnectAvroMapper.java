package io.lakesink.record;

import java.util.List;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Compiles Connect schemas to Avro schemas plus value converters, delegating each type to its
 * {@link TypeFamilyMapping}. Compiled root schemas are cached: converters hand the same (or an
 * equal) Connect schema for every record, and the schema walk is the expensive part.
 *
 * <p>Optional types become an Avro union with null. For fields, the union puts the type of the
 * default first, as Avro requires: {@code ["null", T]} with default null, or {@code [T, "null"]}
 * when the Connect default is a value.
 */
public final class ConnectAvroMapper {

    private static final int DEFAULT_CACHE_SIZE = 256;

    private final List<TypeFamilyMapping> families = List.of(
            new LogicalTypeMapping(), new PrimitiveMapping(), new StructMapping(), new ArrayMapping(), new MapMapping());
    private final LruCache<CacheKey, MappedType> cache;
    private Compiled lastCompiled;

    public ConnectAvroMapper() {
        this(DEFAULT_CACHE_SIZE);
    }

    public ConnectAvroMapper(int cacheSize) {
        this.cache = new LruCache<>(cacheSize);
    }

    /** The Avro schema for values of {@code connectSchema}, named after {@code rootName} ("key", "value"). */
    public Schema avroSchema(org.apache.kafka.connect.data.Schema connectSchema, String rootName) {
        return compile(connectSchema, rootName).avroSchema();
    }

    /** Converts a Connect value of {@code connectSchema} to its Avro form (GenericRecord for structs). */
    public Object toAvro(org.apache.kafka.connect.data.Schema connectSchema, String rootName, Object value) {
        return compile(connectSchema, rootName).converter().convert(value);
    }

    MappedType compile(org.apache.kafka.connect.data.Schema connectSchema, String rootName) {
        // Records of one stream share one schema object; a Connect schema's hashCode walks all its fields, so the
        // same object as last time skips the cache lookup.
        Compiled last = lastCompiled;
        if (last != null && last.schema() == connectSchema && last.rootName().equals(rootName)) {
            return last.mapped();
        }
        MappedType mapped = cache.computeIfAbsent(new CacheKey(connectSchema, rootName),
                key -> map(connectSchema, FieldPath.root(rootName)));
        lastCompiled = new Compiled(connectSchema, rootName, mapped);
        return mapped;
    }

    private record Compiled(org.apache.kafka.connect.data.Schema schema, String rootName, MappedType mapped) {
    }

    /** Maps a type in a position without a default (root, array item, map value). */
    MappedType map(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path) {
        MappedType inner = mapRequired(connectSchema, path);
        if (connectSchema.isOptional()) {
            return new MappedType(Schema.createUnion(Schema.create(Schema.Type.NULL), inner.avroSchema()),
                    nullable(inner.converter()));
        }
        return new MappedType(inner.avroSchema(), required(inner.converter(), connectSchema, path), inner.filler());
    }

    /** Maps a struct field (or map entry field), carrying the Connect default over to Avro. */
    MappedField mapField(String avroName, org.apache.kafka.connect.data.Schema connectSchema, FieldPath path) {
        MappedType inner = mapRequired(connectSchema, path);
        Object connectDefault = connectSchema.defaultValue();
        Object avroDefault = connectDefault == null ? null : inner.converter().convert(connectDefault);
        Schema fieldSchema;
        AvroValueConverter converter;
        Object fieldDefault;
        if (connectSchema.isOptional()) {
            Schema nullSchema = Schema.create(Schema.Type.NULL);
            fieldSchema = connectDefault == null
                    ? Schema.createUnion(nullSchema, inner.avroSchema())
                    : Schema.createUnion(inner.avroSchema(), nullSchema);
            converter = nullable(inner.converter());
            fieldDefault = AvroDefaults.toFieldDefault(avroDefault);
        } else {
            fieldSchema = inner.avroSchema();
            converter = required(inner.converter(), connectSchema, path);
            fieldDefault = connectDefault == null ? null : AvroDefaults.toFieldDefault(avroDefault);
        }
        try {
            return new MappedField(new Schema.Field(avroName, fieldSchema, connectSchema.doc(), fieldDefault), converter);
        } catch (AvroRuntimeException e) {
            throw new RecordConversionException("field '" + path + "': default value " + connectDefault
                    + " cannot be expressed in Avro: " + e.getMessage(), e);
        }
    }

    private MappedType mapRequired(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path) {
        for (TypeFamilyMapping family : families) {
            if (family.handles(connectSchema)) {
                return family.map(connectSchema, path, this);
            }
        }
        throw new RecordConversionException("field '" + path + "': Connect type " + connectSchema.type()
                + (connectSchema.name() == null ? "" : " (" + connectSchema.name() + ")") + " is not supported");
    }

    private static AvroValueConverter nullable(AvroValueConverter inner) {
        return value -> value == null ? null : inner.convert(value);
    }

    private static AvroValueConverter required(AvroValueConverter inner,
                                               org.apache.kafka.connect.data.Schema connectSchema, FieldPath path) {
        return value -> {
            if (value == null) {
                throw new RecordConversionException("field '" + path + "': value is null but the schema ("
                        + connectSchema.type() + ") is not optional and has no default");
            }
            return inner.convert(value);
        };
    }

    /**
     * Connect's own schemas compare by structure; a builder compares by identity, which only costs
     * a cache miss.
     */
    private record CacheKey(org.apache.kafka.connect.data.Schema schema, String rootName) {
    }
}
