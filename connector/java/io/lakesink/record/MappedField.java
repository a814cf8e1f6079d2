package io.lakesink.record;

import org.apache.avro.Schema;

/** A Connect field compiled to an Avro field plus the converter for its values. */
record MappedField(Schema.Field avroField, AvroValueConverter converter) {
}
