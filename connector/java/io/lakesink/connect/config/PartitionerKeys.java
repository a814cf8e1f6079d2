package io.lakesink.connect.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.util.List;

/** Group "Partitioner": the directory a record's file goes to, below its topic. */
public final class PartitionerKeys {
    public static final String GROUP = "Partitioner";

    public static final String TYPE = "partitioner.type";
    public static final String FIELDS = "partition.field.name";
    public static final String PATH_FORMAT = "path.format";
    public static final String DURATION_MS = "partition.duration.ms";
    public static final String TIMEZONE = "timezone";
    public static final String LOCALE = "locale";
    public static final String TIMESTAMP_EXTRACTOR = "timestamp.extractor";
    public static final String TIMESTAMP_FIELD = "timestamp.field";

    public static final String DEFAULT = "default";
    public static final String FIELD = "field";
    public static final String TIME = "time";
    public static final String RECORD_FIELD = "RecordField";

    private PartitionerKeys() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(TYPE, Type.STRING, DEFAULT, ConfigDef.ValidString.in(DEFAULT, FIELD, TIME), Importance.HIGH,
                "'default': <topics.dir>/<topic>/partition=<p>/; 'field': Hive-style directories from the values of "
                        + FIELDS + "; 'time': directories from " + PATH_FORMAT + " applied to the record's time.",
                GROUP, ++order, Width.SHORT, "Partitioner",
                List.of(FIELDS, PATH_FORMAT, DURATION_MS, TIMEZONE, LOCALE, TIMESTAMP_EXTRACTOR, TIMESTAMP_FIELD));
        def.define(FIELDS, Type.LIST, "", Importance.MEDIUM,
                "Fields whose values name the directories (field=value/), in order; nested fields by dotted name."
                        + " Required by the field partitioner.",
                GROUP, ++order, Width.LONG, "Partition fields");
        def.define(PATH_FORMAT, Type.STRING, "", Importance.MEDIUM,
                "Directory pattern of the time partitioner, in java.time pattern letters with literals quoted, e.g."
                        + " 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH.",
                GROUP, ++order, Width.LONG, "Path format");
        def.define(DURATION_MS, Type.LONG, -1L, ConfigDef.Range.atLeast(-1), Importance.MEDIUM,
                "Length of one time partition in milliseconds (e.g. 3600000 for hourly). Required by the time"
                        + " partitioner.",
                GROUP, ++order, Width.SHORT, "Partition duration");
        def.define(TIMEZONE, Type.STRING, "UTC", Validators.zoneId(), Importance.MEDIUM,
                "Time zone of the time partitioner's directories.", GROUP, ++order, Width.SHORT, "Time zone");
        def.define(LOCALE, Type.STRING, "en", Importance.LOW,
                "Locale of the time partitioner's directory names (month names and the like).",
                GROUP, ++order, Width.SHORT, "Locale");
        def.define(TIMESTAMP_EXTRACTOR, Type.STRING, "Record",
                ConfigDef.ValidString.in("Record", RECORD_FIELD, "Wallclock"), Importance.MEDIUM,
                "Which time the time partitioner uses: the Kafka record's timestamp, a field of the value ("
                        + TIMESTAMP_FIELD + "), or the wall clock at write time.",
                GROUP, ++order, Width.SHORT, "Timestamp source");
        def.define(TIMESTAMP_FIELD, Type.STRING, "", Importance.MEDIUM,
                "Field holding the record's time when " + TIMESTAMP_EXTRACTOR + "=RecordField.",
                GROUP, ++order, Width.MEDIUM, "Timestamp field");
    }
}
