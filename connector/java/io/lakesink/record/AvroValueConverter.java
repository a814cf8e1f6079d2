package io.lakesink.record;

/**
 * Converts one Connect value to its Avro representation. Built once per Connect schema (the schema
 * walk and all type decisions happen then) and applied to every record with that schema.
 */
@FunctionalInterface
interface AvroValueConverter {

    /** @throws RecordConversionException naming the field when the value does not fit */
    Object convert(Object connectValue);
}
