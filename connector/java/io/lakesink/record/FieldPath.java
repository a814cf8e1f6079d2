package io.lakesink.record;

/**
 * Where a value sits in a record: shown in error messages with the original field names, and used
 * to give each nested Avro record a distinct full name built from sanitized names.
 */
final class FieldPath {

    private final String display;
    private final String avroName;

    private FieldPath(String display, String avroName) {
        this.display = display;
        this.avroName = avroName;
    }

    static FieldPath root(String name) {
        return new FieldPath(name, AvroNames.NAMESPACE + "." + AvroNames.sanitize(name));
    }

    FieldPath child(String fieldName) {
        return new FieldPath(display + "." + fieldName, avroName + "." + AvroNames.sanitize(fieldName));
    }

    FieldPath arrayItem() {
        return new FieldPath(display + "[]", avroName + "__item");
    }

    FieldPath mapEntry() {
        return new FieldPath(display + "{}", avroName + "__entry");
    }

    /** Full name for an Avro record placed at this path. */
    String recordName() {
        return avroName;
    }

    @Override
    public String toString() {
        return display;
    }
}
