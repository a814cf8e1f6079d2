package io.lakesink.record;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Builds the schema of a row: the Kafka columns the {@link RowLayout} asks for, then the value's
 * fields flattened to top-level columns (so queries say {@code amount}, not {@code value.amount}).
 */
final class RowSchemas {

    static final String ROW_NAME = AvroNames.NAMESPACE + ".row";
    /** Marks rows whose value schema was inferred, so the next record widens it instead of replacing it. */
    static final String SCHEMALESS_PROP = "lakesink.schemaless";

    private static final Schema HEADER = Schema.createRecord(AvroNames.NAMESPACE + ".header", null, null, false, List.of(
            new Schema.Field("key", Schema.create(Schema.Type.STRING)),
            new Schema.Field("value", Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                    null, JsonProperties.NULL_VALUE)));
    static final Schema HEADERS = Schema.createArray(HEADER);

    private final RowLayout layout;

    RowSchemas(RowLayout layout) {
        this.layout = layout;
    }

    /** How many Kafka columns precede the value's columns. */
    int kafkaColumnCount() {
        return (layout.kafkaCoordinates() ? 4 : 0) + (layout.key() ? 1 : 0) + (layout.headers() ? 1 : 0);
    }

    /**
     * @param valueRecord a record whose fields become the value columns
     * @param keyColumn   the (nullable) key column type, or null when the layout has no key column
     */
    Schema rowSchema(Schema valueRecord, Schema keyColumn, boolean schemaless) {
        List<Schema.Field> fields = new ArrayList<>();
        if (layout.kafkaCoordinates()) {
            fields.add(new Schema.Field(KafkaColumns.TOPIC, Schema.create(Schema.Type.STRING)));
            fields.add(new Schema.Field(KafkaColumns.PARTITION, Schema.create(Schema.Type.INT)));
            fields.add(new Schema.Field(KafkaColumns.OFFSET, Schema.create(Schema.Type.LONG)));
            fields.add(new Schema.Field(KafkaColumns.TIMESTAMP, Schema.createUnion(Schema.create(Schema.Type.NULL),
                    LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))), null, JsonProperties.NULL_VALUE));
        }
        if (layout.key()) {
            fields.add(new Schema.Field(KafkaColumns.KEY, keyColumn, null, JsonProperties.NULL_VALUE));
        }
        if (layout.headers()) {
            fields.add(new Schema.Field(KafkaColumns.HEADERS, HEADERS));
        }
        Set<String> names = new HashSet<>();
        fields.forEach(f -> names.add(f.name()));
        for (Schema.Field valueField : valueRecord.getFields()) {
            if (!names.add(valueField.name())) {
                throw new RecordConversionException("field 'value." + valueField.name() + "' has the name of a column "
                        + "LakeSink adds to every row; rename it (for example with a ReplaceField transform)");
            }
            fields.add(new Schema.Field(valueField, valueField.schema()));
        }
        if (fields.isEmpty()) {
            throw new RecordConversionException("field 'value': the record has no columns to write "
                    + "(no value fields and no Kafka columns)");
        }
        Schema row = Schema.createRecord(ROW_NAME, null, null, false, fields);
        if (schemaless) {
            row.addProp(SCHEMALESS_PROP, "true");
        }
        return row;
    }

    /** The value record a schemaless row schema was built from (its value columns). */
    Schema valueRecordOf(Schema schemalessRow) {
        List<Schema.Field> rowFields = schemalessRow.getFields();
        List<Schema.Field> valueFields = new ArrayList<>();
        for (Schema.Field f : rowFields.subList(kafkaColumnCount(), rowFields.size())) {
            valueFields.add(new Schema.Field(f, f.schema()));
        }
        return Schema.createRecord(FieldPath.root("value").recordName(), null, null, false, valueFields);
    }

    static boolean isSchemaless(Schema row) {
        return row != null && "true".equals(row.getProp(SCHEMALESS_PROP));
    }

    /** A column that holds one non-record value. */
    static Schema singleColumn(String name, Schema type) {
        Schema.Field field = type.isNullable()
                ? new Schema.Field(name, type, null, JsonProperties.NULL_VALUE)
                : new Schema.Field(name, type);
        return Schema.createRecord(FieldPath.root("value").recordName(), null, null, false, List.of(field));
    }
}
