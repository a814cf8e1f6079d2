package io.lakesink.record;

/**
 * Where a value sits in a record: shown in error messages with the original field names, and used
 * to give each nested Avro record a distinct full name built from sanitized names.
 *
 * <p>Paths are made for every field of every schemaless record but read only for errors and new
 * schemas, so a path is just its parent and its last step until one of its names is asked for.
 */
final class FieldPath {

    private enum Step { ROOT, CHILD, ARRAY_ITEM, MAP_ENTRY }

    private final FieldPath parent;
    private final Step step;
    private final String name;
    private String display;
    private String avroName;

    private FieldPath(FieldPath parent, Step step, String name) {
        this.parent = parent;
        this.step = step;
        this.name = name;
    }

    static FieldPath root(String name) {
        return new FieldPath(null, Step.ROOT, name);
    }

    FieldPath child(String fieldName) {
        return new FieldPath(this, Step.CHILD, fieldName);
    }

    FieldPath arrayItem() {
        return new FieldPath(this, Step.ARRAY_ITEM, null);
    }

    FieldPath mapEntry() {
        return new FieldPath(this, Step.MAP_ENTRY, null);
    }

    /** Full name for an Avro record placed at this path. */
    String recordName() {
        if (avroName == null) {
            avroName = switch (step) {
                case ROOT -> AvroNames.NAMESPACE + "." + AvroNames.sanitize(name);
                case CHILD -> parent.recordName() + "." + AvroNames.sanitize(name);
                case ARRAY_ITEM -> parent.recordName() + "__item";
                case MAP_ENTRY -> parent.recordName() + "__entry";
            };
        }
        return avroName;
    }

    @Override
    public String toString() {
        if (display == null) {
            display = switch (step) {
                case ROOT -> name;
                case CHILD -> parent + "." + name;
                case ARRAY_ITEM -> parent + "[]";
                case MAP_ENTRY -> parent + "{}";
            };
        }
        return display;
    }
}
