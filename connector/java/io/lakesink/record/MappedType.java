package io.lakesink.record;

import org.apache.avro.Schema;

/**
 * A Connect type compiled to Avro: its Avro schema and the converter for its values. A struct also has a
 * {@code filler}, which writes its fields straight into positions of a wider record (the row), sparing the
 * intermediate record; null for every other type.
 */
record MappedType(Schema avroSchema, AvroValueConverter converter, StructFiller filler) {
    MappedType(Schema avroSchema, AvroValueConverter converter) {
        this(avroSchema, converter, null);
    }

    /** Writes a Connect struct's fields, converted, into {@code out} from position {@code offset} on. */
    @FunctionalInterface
    interface StructFiller {
        void fill(org.apache.kafka.connect.data.Struct struct, org.apache.avro.generic.GenericData.Record out, int offset);
    }
}
