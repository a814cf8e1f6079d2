package io.lakesink.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes the rows of several Parquet files LakeSink wrote, in order and unchanged, into one file with the sink's
 * settings: how compaction turns small files into one. The rows go through parquet-avro's generic model both ways,
 * which returns every value as it was read (no logical-type conversion), so the new file holds the same values in
 * the same Parquet schema as its inputs.
 */
public final class ParquetConcatenation {

    private ParquetConcatenation() {
    }

    /** The Avro schema a LakeSink file was written with (from its footer), or null for a file of another writer. */
    public static Schema schemaOf(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            String json = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(RowWriteSupport.AVRO_SCHEMA_KEY);
            return json == null ? null : new Schema.Parser().parse(json);
        }
    }

    /** Rows in a Parquet file, from its footer. */
    public static long rowsOf(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getRecordCount();
        }
    }

    /**
     * Writes every row of {@code inputs} (all of {@code schema}), file by file, into {@code output}, which must not
     * exist; returns the rows written.
     */
    public static long concatenate(List<Path> inputs, Schema schema, Path output, ParquetSettings settings)
            throws IOException {
        for (Path input : inputs) {
            if (!Objects.equals(schemaOf(input), schema)) {
                throw new IllegalArgumentException(input + " was not written with the schema of the other files");
            }
        }
        long rows = 0;
        try (ParquetWriter<GenericRecord> writer = ParquetRowWriter.configure(
                AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(output)).withSchema(schema)
                        .withDataModel(GenericData.get()), schema, settings).build()) {
            for (Path input : inputs) {
                try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                        new LocalInputFile(input), new PlainParquetConfiguration()).withDataModel(GenericData.get())
                        .build()) {
                    for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                        writer.write(row);
                        rows++;
                    }
                }
            }
        }
        long written = rowsOf(output);
        if (written != rows) {
            Files.deleteIfExists(output);
            throw new IOException("the concatenated file holds " + written + " rows instead of " + rows);
        }
        return rows;
    }
}
