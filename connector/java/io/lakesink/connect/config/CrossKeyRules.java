package io.lakesink.connect.config;

import io.lakesink.lake.lakefs.LakeFsSettings;
import org.apache.kafka.common.config.AbstractConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Rules that tie keys together; each problem is reported against the key the user should change. */
final class CrossKeyRules {
    private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    private CrossKeyRules() {
    }

    /** Problems by key (each message starts with the key), empty when the configuration is consistent. */
    static Map<String, String> check(AbstractConfig c) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (LakeKeys.EMBEDDED.equals(c.getString(LakeKeys.BACKEND))) {
            String path = c.getString(LakeKeys.EMBEDDED_PATH).trim();
            if (path.isEmpty()) {
                problems.put(LakeKeys.EMBEDDED_PATH, LakeKeys.EMBEDDED_PATH + " is required when " + LakeKeys.BACKEND
                        + "=embedded: give the absolute path of the lake's directory");
            } else if (URI_SCHEME.matcher(path).matches()) {
                problems.put(LakeKeys.EMBEDDED_PATH, LakeKeys.EMBEDDED_PATH + " '" + path + "' is a URI, but the embedded lake lives in a local"
                        + " directory on one machine; for a shared or remote store use a lakeFS server");
            } else if (!Path.of(path).isAbsolute()) {
                problems.put(LakeKeys.EMBEDDED_PATH, LakeKeys.EMBEDDED_PATH + " '" + path + "' is relative; give an absolute path, since"
                        + " workers do not share a working directory");
            }
        }
        if (LakeKeys.LAKEFS.equals(c.getString(LakeKeys.BACKEND))) {
            String endpoint = c.getString(LakeFsKeys.ENDPOINT).trim();
            if (endpoint.isEmpty()) {
                problems.put(LakeFsKeys.ENDPOINT, LakeFsKeys.ENDPOINT + " is required when " + LakeKeys.BACKEND
                        + "=lakefs: give the API base URL, e.g. http://lakefs:8000/api/v1");
            } else {
                String problem = LakeFsSettings.endpointProblem(endpoint);
                if (problem != null) {
                    problems.put(LakeFsKeys.ENDPOINT, LakeFsKeys.ENDPOINT + " " + problem);
                }
            }
            if (c.getString(LakeFsKeys.ACCESS_KEY_ID).isBlank()) {
                problems.put(LakeFsKeys.ACCESS_KEY_ID, LakeFsKeys.ACCESS_KEY_ID + " is required when "
                        + LakeKeys.BACKEND + "=lakefs");
            }
            if (c.getPassword(LakeFsKeys.SECRET_ACCESS_KEY).value().isEmpty()) {
                problems.put(LakeFsKeys.SECRET_ACCESS_KEY, LakeFsKeys.SECRET_ACCESS_KEY + " is required when "
                        + LakeKeys.BACKEND + "=lakefs");
            }
            LinkDeadlineRule.check(c, problems);
        }
        if (c.getString(LakeKeys.INGEST_BRANCH).equals(c.getString(LakeKeys.MAIN_BRANCH))) {
            problems.put(LakeKeys.INGEST_BRANCH, LakeKeys.INGEST_BRANCH + " must differ from " + LakeKeys.MAIN_BRANCH + " ('"
                    + c.getString(LakeKeys.MAIN_BRANCH) + "'): data reaches main only by merges after checks");
        }
        String partitioner = c.getString(PartitionerKeys.TYPE);
        if (PartitionerKeys.FIELD.equals(partitioner) && c.getList(PartitionerKeys.FIELDS).isEmpty()) {
            problems.put(PartitionerKeys.FIELDS, PartitionerKeys.FIELDS + " is required by " + PartitionerKeys.TYPE + "=field: name the fields"
                    + " whose values make the directories");
        }
        if (PartitionerKeys.TIME.equals(partitioner)) {
            if (c.getString(PartitionerKeys.PATH_FORMAT).isBlank()) {
                problems.put(PartitionerKeys.PATH_FORMAT, PartitionerKeys.PATH_FORMAT + " is required by " + PartitionerKeys.TYPE + "=time, e.g."
                        + " 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH");
            }
            if (c.getLong(PartitionerKeys.DURATION_MS) <= 0) {
                problems.put(PartitionerKeys.DURATION_MS, PartitionerKeys.DURATION_MS + " must be positive for " + PartitionerKeys.TYPE
                        + "=time, e.g. 3600000 for hourly directories");
            }
            if (PartitionerKeys.RECORD_FIELD.equals(c.getString(PartitionerKeys.TIMESTAMP_EXTRACTOR))
                    && c.getString(PartitionerKeys.TIMESTAMP_FIELD).isBlank()) {
                problems.put(PartitionerKeys.TIMESTAMP_FIELD, PartitionerKeys.TIMESTAMP_FIELD + " is required when " + PartitionerKeys.TIMESTAMP_EXTRACTOR
                        + "=RecordField: name the field that holds the record's time");
            }
        }
        return problems;
    }
}
