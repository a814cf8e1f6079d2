package io.lakesink.record;

/**
 * The mapping of one family of Connect types (primitives, logical types, structs, arrays, maps).
 * Implementations map the non-null form of a type; {@link ConnectAvroMapper} adds optionality and
 * recurses into nested types through {@code mapper}.
 */
interface TypeFamilyMapping {

    boolean handles(org.apache.kafka.connect.data.Schema connectSchema);

    MappedType map(org.apache.kafka.connect.data.Schema connectSchema, FieldPath path, ConnectAvroMapper mapper);
}
