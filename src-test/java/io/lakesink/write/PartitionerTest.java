package io.lakesink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionerTest {

    private static final Schema USER = SchemaBuilder.struct().name("User").field("country", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ORDER = SchemaBuilder.struct().name("Order")
            .field("region", Schema.OPTIONAL_STRING_SCHEMA)
            .field("shard", Schema.INT32_SCHEMA)
            .field("user", USER)
            .field("price", Decimal.schema(2))
            .field("created", Timestamp.SCHEMA)
            .build();

    private static SinkRecord order(String region, String country, long timestamp) {
        Struct value = new Struct(ORDER).put("region", region).put("shard", 7)
                .put("user", new Struct(USER).put("country", country)).put("price", new BigDecimal("9.50"))
                .put("created", new java.util.Date(timestamp));
        return new SinkRecord("orders", 3, null, null, ORDER, value, 42, timestamp, TimestampType.CREATE_TIME);
    }

    @Test
    void defaultPartitionerUsesTheKafkaPartition() {
        assertEquals("partition=3", new DefaultPartitioner().encodePartition(order("eu", "de", 0)));
        ObjectPaths paths = new ObjectPaths("topics");
        assertEquals("topics/orders/partition=3/", paths.directory("orders", "partition=3"));
        assertEquals("topics/orders/partition=3/orders+3+00000000000000000042.parquet",
                paths.filePath("orders", "partition=3", 3, 42, "parquet"));
    }

    @Test
    void fileNamesSortByOffset() {
        String a = ObjectPaths.fileName("t", 0, 9, ".parquet");
        String b = ObjectPaths.fileName("t", 0, 10, ".parquet");
        String c = ObjectPaths.fileName("t", 0, Long.MAX_VALUE, ".parquet");
        assertTrue(a.compareTo(b) < 0 && b.compareTo(c) < 0, a + " " + b + " " + c);
        assertEquals("t+0+09223372036854775807.parquet", c);
    }

    @Test
    void fieldPartitionerWritesHiveStyleDirectoriesIncludingNestedFields() {
        FieldPartitioner partitioner = new FieldPartitioner(List.of("region", "user.country", "shard", "price"));
        assertEquals("region=eu/user.country=de/shard=7/price=9.50", partitioner.encodePartition(order("eu", "de", 0)));
    }

    @Test
    void fieldPartitionerReadsSchemalessMaps() {
        Map<String, Object> value = new HashMap<>();
        value.put("region", "us");
        value.put("user", Map.of("country", "ca"));
        SinkRecord record = new SinkRecord("orders", 0, null, null, null, value, 1);
        assertEquals("region=us/user.country=ca", new FieldPartitioner(List.of("region", "user.country")).encodePartition(record));
    }

    @Test
    void nullAndEmptyValuesGetTheHivePlaceholder() {
        FieldPartitioner partitioner = new FieldPartitioner(List.of("region", "user.country"));
        assertEquals("region=__HIVE_DEFAULT_PARTITION__/user.country=__HIVE_DEFAULT_PARTITION__",
                partitioner.encodePartition(order(null, "", 0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "a/b", "\u0000", "..", ".", "a\\b", "x=y", "100%", "a/../../b", "\n../x", "..\u2215.."})
    void hostileValuesStayInsideOnePathSegment(String hostile) {
        String partition = new FieldPartitioner(List.of("region")).encodePartition(order(hostile, "de", 0));
        assertTrue(partition.startsWith("region="), partition);
        String encoded = partition.substring("region=".length());
        assertFalse(encoded.contains("/"), partition);
        assertFalse(encoded.contains("\\"), partition);
        assertFalse(encoded.contains("="), partition);
        assertFalse(encoded.contains(".."), partition);
        assertTrue(encoded.chars().noneMatch(c -> c < 0x20), partition);
        // Resolving the directory must stay below the topic directory.
        Path base = Path.of("/lake/topics/orders");
        Path resolved = base.resolve(partition).normalize();
        assertTrue(resolved.startsWith(base) && !resolved.equals(base), resolved.toString());
        assertEquals(hostile, java.net.URLDecoder.decode(encoded.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8),
                "the encoding is reversible");
    }

    @Test
    void specificEncodings() {
        assertEquals("%2E%2E%2F%2E%2E%2Fetc", PathSegments.encode("../../etc", "f"));
        assertEquals("a%2Fb", PathSegments.encode("a/b", "f"));
        assertEquals("%00", PathSegments.encode("\u0000", "f"));
        assertEquals("v1.2", PathSegments.encode("v1.2", "f"), "single dots are harmless and kept");
        assertEquals("zürich", PathSegments.encode("zürich", "f"));
        PartitionException tooLong = assertThrows(PartitionException.class, () -> PathSegments.encode("x".repeat(300), "field 'region'"));
        assertTrue(tooLong.getMessage().contains("field 'region'"), tooLong.getMessage());
    }

    @Test
    void unsupportedAndMissingFieldsFailWithTheFieldName() {
        PartitionException missing = assertThrows(PartitionException.class,
                () -> new FieldPartitioner(List.of("nope")).encodePartition(order("eu", "de", 0)));
        assertTrue(missing.getMessage().contains("'nope'") && missing.getMessage().contains("orders-3@42"), missing.getMessage());
        PartitionException struct = assertThrows(PartitionException.class,
                () -> new FieldPartitioner(List.of("user")).encodePartition(order("eu", "de", 0)));
        assertTrue(struct.getMessage().contains("'user'") && struct.getMessage().contains("struct"), struct.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FieldPartitioner(List.of("a..b")));
    }

    @Test
    void timeBasedPartitionerUsesJodaStylePatternsInTheConfiguredZone() {
        // 2024-12-30T23:30Z: java.time's 'YYYY' (week year) would say 2025 here; Joda's says 2024.
        long ts = Instant.parse("2024-12-30T23:30:00Z").toEpochMilli();
        TimeBasedPartitioner utc = new TimeBasedPartitioner("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
                3_600_000L, ZoneOffset.UTC, null, TimestampExtractor.recordTimestamp());
        assertEquals("year=2024/month=12/day=30/hour=23", utc.encodePartition(order("eu", "de", ts)));

        TimeBasedPartitioner zurich = new TimeBasedPartitioner("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
                3_600_000L, ZoneId.of("Europe/Zurich"), Locale.ROOT, TimestampExtractor.recordTimestamp());
        assertEquals("year=2024/month=12/day=31/hour=00", zurich.encodePartition(order("eu", "de", ts)));
    }

    @Test
    void durationBucketsAlignToLocalTime() {
        TimeBasedPartitioner daily = new TimeBasedPartitioner("'dt'=YYYY-MM-dd/'hour'=HH", 86_400_000L,
                ZoneId.of("America/New_York"), null, TimestampExtractor.recordTimestamp());
        long ts = Instant.parse("2024-07-01T03:59:00Z").toEpochMilli(); // 23:59 on June 30 in New York
        assertEquals("dt=2024-06-30/hour=00", daily.encodePartition(order("eu", "de", ts)));
        TimeBasedPartitioner quarter = new TimeBasedPartitioner("HH-mm", 15 * 60_000L, ZoneOffset.UTC, null,
                TimestampExtractor.recordTimestamp());
        assertEquals("10-15", quarter.encodePartition(order("eu", "de", Instant.parse("2024-07-01T10:29:59Z").toEpochMilli())));
    }

    @Test
    void timestampsComeFromAFieldOrTheWallClock() {
        long created = Instant.parse("2023-05-06T07:08:09Z").toEpochMilli();
        SinkRecord record = order("eu", "de", created);
        TimeBasedPartitioner byField = new TimeBasedPartitioner("'d'=YYYYMMdd", 86_400_000L, ZoneOffset.UTC, null,
                TimestampExtractor.fromConfig("RecordField", "created", Clock.systemUTC()));
        assertEquals("d=20230506", byField.encodePartition(
                new SinkRecord("orders", 3, null, null, ORDER, record.value(), 42, null, TimestampType.NO_TIMESTAMP_TYPE)));

        SinkRecord isoString = new SinkRecord("t", 0, null, null, null, Map.of("meta", Map.of("at", "2022-01-02T03:04:05Z")), 0);
        assertEquals("d=20220102", new TimeBasedPartitioner("'d'=YYYYMMdd", 86_400_000L, ZoneOffset.UTC, null,
                TimestampExtractor.field("meta.at")).encodePartition(isoString));

        Clock fixed = Clock.fixed(Instant.parse("2021-09-10T11:12:13Z"), ZoneOffset.UTC);
        assertEquals("d=20210910", new TimeBasedPartitioner("'d'=YYYYMMdd", 86_400_000L, ZoneOffset.UTC, null,
                TimestampExtractor.fromConfig("Wallclock", null, fixed)).encodePartition(isoString));

        PartitionException noTimestamp = assertThrows(PartitionException.class, () -> TimestampExtractor.recordTimestamp()
                .timestampMillis(new SinkRecord("t", 0, null, null, null, Map.of(), 5, null, TimestampType.NO_TIMESTAMP_TYPE)));
        assertTrue(noTimestamp.getMessage().contains("t-0@5"), noTimestamp.getMessage());
        PartitionException badField = assertThrows(PartitionException.class,
                () -> TimestampExtractor.field("region").timestampMillis(record));
        assertTrue(badField.getMessage().contains("'region'"), badField.getMessage());
    }

    @Test
    void badConfigurationIsRejectedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new TimeBasedPartitioner("../YYYY", 1000, ZoneOffset.UTC, null,
                TimestampExtractor.recordTimestamp()));
        assertThrows(IllegalArgumentException.class, () -> new TimeBasedPartitioner("/YYYY", 1000, ZoneOffset.UTC, null,
                TimestampExtractor.recordTimestamp()));
        assertThrows(IllegalArgumentException.class, () -> new TimeBasedPartitioner("YYYY", 0, ZoneOffset.UTC, null,
                TimestampExtractor.recordTimestamp()));
        assertThrows(IllegalArgumentException.class, () -> TimestampExtractor.fromConfig("RecordField", " ", Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> TimestampExtractor.fromConfig("Sundial", null, Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> new ObjectPaths("topics/../../etc"));
        assertEquals("topics/t/", new ObjectPaths("/topics/").directory("t", ""));
        assertEquals("t/p=1/", new ObjectPaths("").directory("t", "p=1"));
    }
}
