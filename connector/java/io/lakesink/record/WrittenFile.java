package io.lakesink.record;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.apache.avro.Schema;

/**
 * A closed Parquet file and what it holds: what the commit layer reports and records.
 *
 * @param maxTimestamp the greatest Kafka record timestamp in the file, if any record had one
 */
public record WrittenFile(Path path, Schema schema, long records, long bytes, List<OffsetRange> offsets,
                          OptionalLong maxTimestamp) {

    public WrittenFile {
        offsets = List.copyOf(offsets);
    }
}
