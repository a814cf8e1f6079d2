package io.lakesink.write;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Partitions by time: the record's time ({@link TimestampExtractor}) is rounded down to a multiple
 * of {@code partition.duration.ms} in the configured time zone and formatted with
 * {@code path.format} (Joda-style, as in the Confluent sinks; see {@link PathFormat}), e.g.
 * {@code 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH} gives {@code year=2024/month=02/day=29/hour=13}.
 *
 * <p>Rounding happens in local time, so with a one-day duration in {@code Europe/Zurich} a bucket
 * starts at local midnight, not at UTC midnight.
 */
public final class TimeBasedPartitioner implements Partitioner {

    private final DateTimeFormatter format;
    private final long durationMs;
    private final ZoneId zone;
    private final TimestampExtractor extractor;

    /**
     * @param pathFormat Joda-style pattern, directories separated by '/'
     * @param durationMs bucket length ({@code partition.duration.ms}); must be positive
     * @param zone       time zone ({@code timezone}); names like "UTC" or "Europe/Zurich"
     * @param locale     locale for month and day names ({@code locale}); null means English
     */
    public TimeBasedPartitioner(String pathFormat, long durationMs, ZoneId zone, Locale locale, TimestampExtractor extractor) {
        if (durationMs <= 0) {
            throw new IllegalArgumentException("partition.duration.ms must be positive, got " + durationMs);
        }
        this.zone = Objects.requireNonNull(zone, "timezone must be set for time-based partitioning");
        this.format = PathFormat.compile(pathFormat, locale == null ? Locale.ENGLISH : locale).withZone(zone);
        this.durationMs = durationMs;
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    @Override
    public String encodePartition(SinkRecord record) {
        return format.format(Instant.ofEpochMilli(bucketStart(extractor.timestampMillis(record))));
    }

    /** Start of the bucket holding {@code millis}, aligned in local time (as Confluent's partitioner does). */
    long bucketStart(long millis) {
        long offset = zone.getRules().getOffset(Instant.ofEpochMilli(millis)).getTotalSeconds() * 1000L;
        long local = millis + offset;
        return Math.floorDiv(local, durationMs) * durationMs - offset;
    }
}
