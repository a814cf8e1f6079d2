package io.lakesink.record;

import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows to Parquet with a writer compiled once per row schema ({@link ValueWriters}), instead of parquet-avro's
 * {@code AvroWriteSupport}, which works out each value's type from its schema again for every value (a union lookup,
 * a logical-type conversion lookup and a type switch per value): on the sink's hot path that was a third of the
 * Parquet time.
 *
 * <p>The files are the ones parquet-avro writes: the same Parquet schema (converted by {@link AvroSchemaConverter}
 * with 3-level lists), the Avro schema under the same metadata key and the same writer model name, so any Parquet or
 * parquet-avro reader sees no difference.
 */
final class RowWriteSupport extends WriteSupport<GenericRecord> {

    /** The metadata key under which parquet-avro stores the Avro schema (AvroReadSupport.AVRO_SCHEMA_METADATA_KEY). */
    static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";
    /** 3-level lists: the legacy 2-level form cannot hold null array elements. */
    static final String WRITE_OLD_LIST_STRUCTURE = "parquet.avro.write-old-list-structure";

    private final Schema avroSchema;
    private final MessageType parquetSchema;
    private final ValueWriters.RecordWriter rowWriter;
    private RecordConsumer consumer;

    RowWriteSupport(Schema avroSchema) {
        this.avroSchema = avroSchema;
        this.parquetSchema = parquetSchema(avroSchema);
        this.rowWriter = ValueWriters.rowWriter(avroSchema, parquetSchema);
    }

    /** The Parquet schema parquet-avro derives from {@code avroSchema} with the sink's settings. */
    static MessageType parquetSchema(Schema avroSchema) {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(WRITE_OLD_LIST_STRUCTURE, "false");
        return new AvroSchemaConverter(conf).convert(avroSchema);
    }

    @Override
    public String getName() {
        return "avro";
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return context();
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return context();
    }

    private WriteContext context() {
        return new WriteContext(parquetSchema, Map.of(AVRO_SCHEMA_KEY, avroSchema.toString()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(GenericRecord row) {
        consumer.startMessage();
        rowWriter.writeFields(consumer, row);
        consumer.endMessage();
    }
}
