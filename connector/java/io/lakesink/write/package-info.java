/**
 * Where records go: partitioners ({@link io.lakesink.write.DefaultPartitioner},
 * {@link io.lakesink.write.FieldPartitioner}, {@link io.lakesink.write.TimeBasedPartitioner}),
 * object paths and file names ({@link io.lakesink.write.ObjectPaths}), and the encoding that keeps
 * any record value inside its prefix ({@link io.lakesink.write.PathSegments}).
 *
 * <p>Layout: {@code <topics.dir>/<topic>/<partition path>/<topic>+<partition>+<first offset, 20 digits>.parquet}.
 * File rotation (by flush.size, rotate.interval.ms, commit, schema change) is to be added here
 * on top of {@link io.lakesink.record.ParquetRowWriter}.
 */
package io.lakesink.write;
