package io.lakesink.record;

import org.apache.avro.Schema;

/** A Connect type compiled to Avro: its Avro schema and the converter for its values. */
record MappedType(Schema avroSchema, AvroValueConverter converter) {
}
