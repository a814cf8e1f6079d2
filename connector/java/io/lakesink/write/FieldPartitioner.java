package io.lakesink.write;

import java.util.List;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Partitions by the values of named fields, Hive style: {@code region=eu/country=de}. Nested
 * fields are named with dots ({@code user.country}); the directory is named after the whole
 * dotted name. Values are encoded with {@link PathSegments}, null and empty values become
 * {@link PathSegments#NULL_PLACEHOLDER}.
 */
public final class FieldPartitioner implements Partitioner {

    private final List<String> fieldNames;
    private final List<String> encodedNames;

    public FieldPartitioner(List<String> fieldNames) {
        if (fieldNames == null || fieldNames.isEmpty()) {
            throw new IllegalArgumentException("the field partitioner needs at least one field name");
        }
        for (String name : fieldNames) {
            if (name == null || name.isBlank() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                throw new IllegalArgumentException("partition field name '" + name + "' is not a field name "
                        + "(nested fields are named like 'user.country')");
            }
        }
        this.fieldNames = List.copyOf(fieldNames);
        this.encodedNames = fieldNames.stream().map(n -> PathSegments.encode(n, "partition field name '" + n + "'")).toList();
    }

    @Override
    public String encodePartition(SinkRecord record) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < fieldNames.size(); i++) {
            String name = fieldNames.get(i);
            String text = FieldValues.text(FieldValues.find(record, name), name);
            if (i > 0) {
                path.append('/');
            }
            path.append(encodedNames.get(i)).append('=').append(PathSegments.encode(text, "field '" + name + "'"));
        }
        return path.toString();
    }
}
