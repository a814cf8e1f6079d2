package io.lakesink.record;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Splits a Parquet file LakeSink wrote into the rows to keep and the rows to set aside, each written unchanged
 * (parquet-avro's generic model both ways, as {@link ParquetConcatenation} does) with the file's own schema and the
 * sink's settings: how a row-level quarantine takes a few bad rows out of a file without touching the others.
 */
public final class ParquetRowSplit {

    /** Rows written to each side; a side with no rows has no file. */
    public record Result(long kept, long setAside) {
    }

    private ParquetRowSplit() {
    }

    /**
     * Writes the rows of {@code input} that {@code setAside} accepts to {@code setAsideFile} and the others to
     * {@code keptFile}, in their order; neither output may exist.
     *
     * @throws IllegalArgumentException when {@code input} was not written by LakeSink (no schema in its footer)
     */
    public static Result split(Path input, Predicate<GenericRecord> setAside, Path keptFile, Path setAsideFile,
                               ParquetSettings settings) throws IOException {
        Schema schema = ParquetConcatenation.schemaOf(input);
        if (schema == null) {
            throw new IllegalArgumentException(input + " was not written by LakeSink: its rows cannot be split");
        }
        long kept = 0;
        long aside = 0;
        ParquetWriter<GenericRecord> keptWriter = null;
        ParquetWriter<GenericRecord> asideWriter = null;
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(input),
                new PlainParquetConfiguration()).withDataModel(GenericData.get()).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                if (setAside.test(row)) {
                    asideWriter = asideWriter == null ? writer(setAsideFile, schema, settings) : asideWriter;
                    asideWriter.write(row);
                    aside++;
                } else {
                    keptWriter = keptWriter == null ? writer(keptFile, schema, settings) : keptWriter;
                    keptWriter.write(row);
                    kept++;
                }
            }
        } finally {
            closeAll(keptWriter, asideWriter);
        }
        verify(keptFile, kept);
        verify(setAsideFile, aside);
        return new Result(kept, aside);
    }

    private static ParquetWriter<GenericRecord> writer(Path file, Schema schema, ParquetSettings settings)
            throws IOException {
        return ParquetRowWriter.configure(AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(schema).withDataModel(GenericData.get()), schema, settings).build();
    }

    private static void closeAll(ParquetWriter<GenericRecord> a, ParquetWriter<GenericRecord> b) throws IOException {
        try {
            if (a != null) {
                a.close();
            }
        } finally {
            if (b != null) {
                b.close();
            }
        }
    }

    private static void verify(Path file, long rows) throws IOException {
        if (rows > 0 && ParquetConcatenation.rowsOf(file) != rows) {
            Files.deleteIfExists(file);
            throw new IOException(file + " holds another number of rows than the " + rows + " written");
        }
    }
}
