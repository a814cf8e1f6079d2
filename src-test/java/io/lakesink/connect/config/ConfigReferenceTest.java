package io.lakesink.connect.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReferenceTest {
    private static final Path REFERENCE = Path.of("docs", "configuration.md");

    @Test
    void docsMatchTheConfigDef() throws Exception {
        String generated = ConfigReference.markdown(LakeSinkConfig.configDef());
        assertTrue(Files.exists(REFERENCE), REFERENCE + " is missing");
        assertEquals(generated, Files.readString(REFERENCE), REFERENCE + " is stale: regenerate it with"
                + " mvn -q compile exec:java -Dexec.mainClass=io.lakesink.connect.config.ConfigReference");
    }

    @Test
    void everyKeyIsDocumented() {
        String generated = ConfigReference.markdown(LakeSinkConfig.configDef());
        for (String key : LakeSinkConfig.configDef().names()) {
            assertTrue(generated.contains("### `" + key + "`"), key + " is missing from the reference");
        }
    }
}
