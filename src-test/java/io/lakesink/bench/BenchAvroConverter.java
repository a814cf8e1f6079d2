package io.lakesink.bench;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

import java.util.Date;
import java.util.Map;

/**
 * The benchmark's records as Avro binary without a schema in each message: what a schema-registry Avro converter
 * does once it has the writer schema cached (Confluent's is not on Maven Central). It isolates the sink's own cost
 * from the cost of parsing JSON with an embedded schema in every message. It lives with the tests (and its
 * service manifest in src-test/resources) so it never ships in the plugin; `bench` runs on the test class path.
 * Connect instantiates every listed converter while scanning, so nothing is built before {@link #configure}.
 */
public final class BenchAvroConverter implements Converter {
    private GenericDatumReader<GenericRecord> reader;
    private BinaryDecoder decoder;
    private GenericRecord reuse;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        reader = new GenericDatumReader<>(BenchRecords.AVRO);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return BenchRecords.avroBinary(toAvro((Struct) value));
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            decoder = DecoderFactory.get().binaryDecoder(value, decoder);
            reuse = reader.read(reuse, decoder);
        } catch (java.io.IOException e) {
            throw new DataException("not a bench record in Avro binary", e);
        }
        GenericRecord r = reuse;
        Struct s = new Struct(BenchRecords.SCHEMA)
                .put("id", r.get("id")).put("user_id", r.get("user_id")).put("item_id", r.get("item_id"))
                .put("quantity", r.get("quantity")).put("session", r.get("session"))
                .put("country", r.get("country").toString()).put("comment", r.get("comment").toString())
                .put("price", r.get("price")).put("discount", r.get("discount"))
                .put("event_time", new Date((Long) r.get("event_time")));
        return new SchemaAndValue(BenchRecords.SCHEMA, s);
    }

    private static GenericRecord toAvro(Struct s) {
        GenericRecord r = new GenericData.Record(BenchRecords.AVRO);
        for (org.apache.kafka.connect.data.Field f : BenchRecords.SCHEMA.fields()) {
            Object v = s.get(f);
            r.put(f.name(), v instanceof Date d ? d.getTime() : v);
        }
        return r;
    }
}
