package io.lakesink.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a Kafka Connect record into a Parquet row ({@link ConvertedRecord}).
 *
 * <ul>
 *   <li>A value with a Connect schema is mapped type by type ({@link ConnectAvroMapper}); a struct's
 *       fields become columns, any other value type becomes one column named {@value #VALUE_COLUMN}.</li>
 *   <li>A schemaless value (a {@code java.util.Map} from JSON) gets a schema inferred for the file
 *       it goes to: pass that file's schema as {@code fileSchema} and the result either keeps it
 *       (the record fits) or widens it (new field, wider number type); see {@link SchemalessSchemas}.
 *       A schemaless value that is not a map becomes the single column {@value #VALUE_COLUMN}.</li>
 *   <li>A null value (tombstone) is not a row: the task applies {@code behavior.on.null.values}
 *       before calling this; here it is an error.</li>
 * </ul>
 * Either way, when {@link ConvertedRecord#needsNewFile} says the schema differs from the open
 * file's, the writer closes that file and opens a new one with the row's schema.
 *
 * <p>Not thread-safe (it remembers the last schemas it saw): one instance per task.
 */
public final class RecordConverter {

    public static final String VALUE_COLUMN = "value";

    private static final int ROW_CACHE_SIZE = 256;

    private final RowLayout layout;
    private final ConnectAvroMapper mapper;
    private final RowSchemas rowSchemas;
    private final LruCache<RowKey, Schema> rowSchemaCache = new LruCache<>(ROW_CACHE_SIZE);
    private final LruCache<Schema, Schema> valueRecordOfRow = new LruCache<>(ROW_CACHE_SIZE);
    private final LruCache<Schema, Schema> singleColumnRecords = new LruCache<>(ROW_CACHE_SIZE);
    private final SchemalessFields.Cache schemalessFields = new SchemalessFields.Cache();
    /** The last schemaless row schema made, and the value record it holds: a file's rows share both. */
    private Schema lastSchemalessRow;
    private Schema lastSchemalessValue;
    private RowKey lastRowKey;
    private Schema lastRow;
    private String lastTopic;
    private org.apache.avro.util.Utf8 lastTopicUtf8;

    public RecordConverter(RowLayout layout) {
        this(layout, new ConnectAvroMapper());
    }

    public RecordConverter(RowLayout layout, ConnectAvroMapper mapper) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.rowSchemas = new RowSchemas(layout);
    }

    public RowLayout layout() {
        return layout;
    }

    /**
     * @param fileSchema schema of the file this record would go to, or null when none is open; it
     *                   matters only for schemaless values, whose inferred schema it is widened from
     * @throws RecordConversionException when the record cannot be written (names field and type)
     */
    public ConvertedRecord convert(SinkRecord record, Schema fileSchema) {
        if (record.value() == null) {
            throw new RecordConversionException("record " + record.topic() + "-" + record.kafkaPartition() + "@"
                    + record.kafkaOffset() + " has a null value (tombstone); apply behavior.on.null.values before converting");
        }
        ValuePart value = record.valueSchema() != null ? schemaValue(record) : schemalessValue(record.value(), fileSchema);
        KeyPart key = layout.key() ? keyPart(record) : KeyPart.NONE;

        Schema row = rowSchema(value.schema(), key.column(), value.schemaless());
        if (value.schemaless() && row != lastSchemalessRow) {
            valueRecordOfRow.put(row, value.schema());
            lastSchemalessRow = row;
            lastSchemalessValue = value.schema();
        }
        return new ConvertedRecord(fillRow(row, record, key.value(), value), record.topic(),
                record.kafkaPartition(), record.kafkaOffset(), record.timestamp());
    }

    /**
     * The row schema for these parts. A stream's records share their schema objects, so the same objects as last
     * time skip the cache lookup, whose key compares Avro schemas.
     */
    private Schema rowSchema(Schema valueRecord, Schema keyColumn, boolean schemaless) {
        RowKey last = lastRowKey;
        if (last != null && last.valueRecord() == valueRecord && last.keyColumn() == keyColumn
                && last.schemaless() == schemaless) {
            return lastRow;
        }
        RowKey key = new RowKey(valueRecord, keyColumn, schemaless);
        Schema row = rowSchemaCache.computeIfAbsent(key,
                k -> rowSchemas.rowSchema(k.valueRecord(), k.keyColumn(), k.schemaless()));
        lastRowKey = key;
        lastRow = row;
        return row;
    }

    /** The topic as Avro's Utf8, encoded once per topic rather than once per row. */
    private org.apache.avro.util.Utf8 topicName(String topic) {
        if (!topic.equals(lastTopic)) {
            lastTopic = topic;
            lastTopicUtf8 = new org.apache.avro.util.Utf8(topic);
        }
        return lastTopicUtf8;
    }

    private GenericRecord fillRow(Schema row, SinkRecord record, Object keyValue, ValuePart value) {
        GenericData.Record out = new GenericData.Record(row);
        int pos = 0;
        if (layout.kafkaCoordinates()) {
            out.put(pos++, topicName(record.topic()));
            out.put(pos++, record.kafkaPartition());
            out.put(pos++, record.kafkaOffset());
            out.put(pos++, record.timestamp());
        }
        if (layout.key()) {
            out.put(pos++, keyValue);
        }
        if (layout.headers()) {
            out.put(pos++, headers(record));
        }
        if (value.filler() != null) {
            value.filler().fill(value.struct(), out, pos);
            return out;
        }
        int valueFields = value.schema().getFields().size();
        for (int i = 0; i < valueFields; i++) {
            out.put(pos + i, value.record().get(i));
        }
        return out;
    }

    // ---- value ---------------------------------------------------------------------------------

    private ValuePart schemaValue(SinkRecord record) {
        MappedType mapped = mapper.compile(record.valueSchema(), VALUE_COLUMN);
        if (mapped.filler() != null && record.value() instanceof org.apache.kafka.connect.data.Struct struct) {
            // a struct value's fields become the row's columns: written straight into the row
            return ValuePart.ofStruct(mapped.avroSchema(), struct, mapped.filler());
        }
        Object avro = mapped.converter().convert(record.value());
        if (avro instanceof GenericRecord struct) {
            return ValuePart.of(struct, false);
        }
        GenericData.Record wrapper = new GenericData.Record(
                singleColumnRecords.computeIfAbsent(mapped.avroSchema(), type -> RowSchemas.singleColumn(VALUE_COLUMN, type)));
        wrapper.put(0, avro);
        return ValuePart.of(wrapper, false);
    }

    private ValuePart schemalessValue(Object value, Schema fileSchema) {
        Map<?, ?> map = value instanceof Map<?, ?> m ? m : Map.of(VALUE_COLUMN, value);
        Schema previous = fileSchema != null && fileSchema == lastSchemalessRow ? lastSchemalessValue
                : RowSchemas.isSchemaless(fileSchema) ? valueRecordOf(fileSchema) : null;
        FieldPath root = FieldPath.root(VALUE_COLUMN);
        Schema widened = SchemalessSchemas.widen(previous, map, root, schemalessFields);
        return ValuePart.of(SchemalessValues.toRecord(map, widened, root, schemalessFields), true);
    }

    private Schema valueRecordOf(Schema schemalessRow) {
        return valueRecordOfRow.computeIfAbsent(schemalessRow, rowSchemas::valueRecordOf);
    }

    // ---- key and headers -----------------------------------------------------------------------

    private static final Schema SCHEMALESS_KEY = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));

    private KeyPart keyPart(SinkRecord record) {
        if (record.keySchema() == null) {
            Object key = record.key();
            String text = key == null ? null
                    : key instanceof CharSequence s ? s.toString() : SchemalessValues.jsonText(key, FieldPath.root("key"));
            return new KeyPart(SCHEMALESS_KEY, text);
        }
        MappedType mapped = mapper.compile(record.keySchema(), "key");
        Object avro = record.key() == null ? null : mapped.converter().convert(record.key());
        Schema column = mapped.avroSchema().isNullable()
                ? mapped.avroSchema()
                : Schema.createUnion(Schema.create(Schema.Type.NULL), mapped.avroSchema());
        return new KeyPart(column, avro);
    }

    private static List<GenericRecord> headers(SinkRecord record) {
        List<GenericRecord> out = new ArrayList<>();
        for (Header header : record.headers()) {
            GenericData.Record h = new GenericData.Record(RowSchemas.HEADERS.getElementType());
            h.put(0, header.key());
            h.put(1, header.value() == null ? null : Values.convertToString(header.schema(), header.value()));
            out.add(h);
        }
        return out;
    }

    /** The value's columns: an Avro record, or a Connect struct with the filler that writes its fields. */
    private record ValuePart(Schema schema, GenericRecord record, org.apache.kafka.connect.data.Struct struct,
                             MappedType.StructFiller filler, boolean schemaless) {
        static ValuePart of(GenericRecord record, boolean schemaless) {
            return new ValuePart(record.getSchema(), record, null, null, schemaless);
        }

        static ValuePart ofStruct(Schema schema, org.apache.kafka.connect.data.Struct struct,
                                  MappedType.StructFiller filler) {
            return new ValuePart(schema, null, struct, filler, false);
        }
    }

    private record KeyPart(Schema column, Object value) {
        static final KeyPart NONE = new KeyPart(null, null);
    }

    private record RowKey(Schema valueRecord, Schema keyColumn, boolean schemaless) {
    }
}
