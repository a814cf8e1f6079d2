/**
 * Kafka Connect records to Parquet rows, independent of the lake, the task and the commit protocol.
 *
 * <p>{@link io.lakesink.record.RecordConverter} turns a {@code SinkRecord} into a
 * {@link io.lakesink.record.ConvertedRecord} (an Avro row); {@link io.lakesink.record.ParquetRowWriter}
 * writes rows of one schema to a local Parquet file and returns a {@link io.lakesink.record.WrittenFile}
 * with its record count, size and offset ranges. Rows reach Parquet through
 * {@link io.lakesink.record.RowWriteSupport} (a writer compiled once per row schema, giving the files
 * parquet-avro gives), on the task's {@link io.lakesink.record.EncoderThread} by default.
 *
 * <p>Row layout: the Kafka columns of {@link io.lakesink.record.KafkaColumns} (coordinates on by
 * default, key and headers optional, see {@link io.lakesink.record.RowLayout}), then the value's
 * fields as top-level columns. Type mapping, one class per family: primitives (INT8/INT16 widen to
 * int), Decimal (Avro decimal bytes, precision from {@code connect.decimal.precision}, else 38),
 * Date, Time (millis), Timestamp (millis, UTC), structs, arrays, maps (string keys: Avro map;
 * other keys: list of {@code {key, value}}). Schemaless JSON maps get a schema inferred per file
 * and widened as records arrive. A row whose schema differs from the open file's needs a new file.
 */
package io.lakesink.record;
