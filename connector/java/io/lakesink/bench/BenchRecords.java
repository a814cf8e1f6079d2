package io.lakesink.bench;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

import java.util.Date;

/** The benchmark's records: ten fields (ints, longs, strings, doubles, a timestamp), the same for every run. */
final class BenchRecords {
    static final Schema SCHEMA = SchemaBuilder.struct().name("event")
            .field("id", Schema.INT64_SCHEMA)
            .field("user_id", Schema.INT32_SCHEMA)
            .field("item_id", Schema.INT32_SCHEMA)
            .field("quantity", Schema.INT32_SCHEMA)
            .field("session", Schema.INT64_SCHEMA)
            .field("country", Schema.STRING_SCHEMA)
            .field("comment", Schema.STRING_SCHEMA)
            .field("price", Schema.FLOAT64_SCHEMA)
            .field("discount", Schema.FLOAT64_SCHEMA)
            .field("event_time", Timestamp.SCHEMA)
            .build();

    static final org.apache.avro.Schema AVRO = new org.apache.avro.Schema.Parser().parse("""
            {"type":"record","name":"event","fields":[
              {"name":"id","type":"long"},{"name":"user_id","type":"int"},{"name":"item_id","type":"int"},
              {"name":"quantity","type":"int"},{"name":"session","type":"long"},{"name":"country","type":"string"},
              {"name":"comment","type":"string"},{"name":"price","type":"double"},{"name":"discount","type":"double"},
              {"name":"event_time","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");

    private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR", "IN", "GB", "ES"};
    static final long BASE_TIME = 1_700_000_000_000L;

    private BenchRecords() {
    }

    static Struct struct(long i) {
        return new Struct(SCHEMA).put("id", i).put("user_id", (int) (i % 100_000)).put("item_id", (int) (i % 5_000))
                .put("quantity", (int) (i % 7) + 1).put("session", i / 20).put("country", COUNTRIES[(int) (i % 8)])
                .put("comment", comment(i)).put("price", (i % 10_000) / 100.0).put("discount", (i % 30) / 100.0)
                .put("event_time", new Date(BASE_TIME + i * 10));
    }

    /** Record {@code i} as JsonConverter gives it with {@code schemas.enable=false}: a map, the time as epoch millis. */
    static java.util.Map<String, Object> map(long i) {
        Struct s = struct(i);
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (org.apache.kafka.connect.data.Field f : SCHEMA.fields()) {
            Object v = s.get(f);
            m.put(f.name(), v instanceof Date d ? d.getTime() : v);
        }
        return m;
    }

    static GenericRecord avro(long i) {
        GenericRecord r = new GenericData.Record(AVRO);
        r.put("id", i);
        r.put("user_id", (int) (i % 100_000));
        r.put("item_id", (int) (i % 5_000));
        r.put("quantity", (int) (i % 7) + 1);
        r.put("session", i / 20);
        r.put("country", COUNTRIES[(int) (i % 8)]);
        r.put("comment", comment(i));
        r.put("price", (i % 10_000) / 100.0);
        r.put("discount", (i % 30) / 100.0);
        r.put("event_time", BASE_TIME + i * 10);
        return r;
    }

    /** A record in Avro binary, no schema attached (the bench's Avro-converter path reads it back). */
    static byte[] avroBinary(GenericRecord record) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128);
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        try {
            new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(AVRO).write(record, encoder);
            encoder.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot encode a bench record", e);
        }
        return out.toByteArray();
    }

    private static String comment(long i) {
        return "order " + i + " placed via " + (i % 3 == 0 ? "app" : "web");
    }
}
