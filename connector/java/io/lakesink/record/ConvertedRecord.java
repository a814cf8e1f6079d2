package io.lakesink.record;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * One Kafka record as a Parquet row, with the Kafka coordinates the writer needs for its offset
 * ranges. The row's schema is its identity: a file holds rows of exactly one schema, so a row whose
 * schema differs from the open file's ({@link #needsNewFile}) closes that file and opens another.
 */
public record ConvertedRecord(GenericRecord row, String topic, int partition, long offset, Long timestamp) {

    public Schema schema() {
        return row.getSchema();
    }

    /**
     * True when this row cannot go into a file written with {@code fileSchema}. Converted schemas
     * are cached, so this is usually an identity check.
     */
    public boolean needsNewFile(Schema fileSchema) {
        return fileSchema == null || !fileSchema.equals(row.getSchema());
    }
}
