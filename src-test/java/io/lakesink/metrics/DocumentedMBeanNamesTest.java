package io.lakesink.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The MBean names docs/operations.md prints, read from the file as a reader would copy them, find the MBeans the
 * tasks register: the example pattern for connector shop-lakesink, and the name with its placeholders filled in.
 */
class DocumentedMBeanNamesTest {
    private static final Path OPERATIONS = Path.of("docs", "operations.md");
    private static final Pattern NAME_SPAN = Pattern.compile("`(io\\.lakesink:[^`]+)`");
    private static final String CONNECTOR = "shop-lakesink";

    private final List<LakeSinkMetrics> registered = new ArrayList<>();

    @AfterEach
    void unregister() {
        registered.forEach(LakeSinkMetrics::close);
    }

    @Test
    void everyNameTheDocsPrintMatchesTheRegisteredBeans() throws Exception {
        registered.add(LakeSinkMetrics.register(CONNECTOR, 0));
        registered.add(LakeSinkMetrics.register(CONNECTOR, 1));
        registered.add(LakeSinkMetrics.register("other-sink", 0));
        List<String> names = documentedNames();
        assertFalse(names.isEmpty(), OPERATIONS + " prints no io.lakesink MBean name");
        for (String documented : names) {
            boolean placeholders = documented.contains("<");
            ObjectName pattern = new ObjectName(documented.replace("<connector>", CONNECTOR).replace("<task>", "1"));
            Set<String> expected = placeholders ? Set.of(beanOf(CONNECTOR, 1))
                    : Set.of(beanOf(CONNECTOR, 0), beanOf(CONNECTOR, 1));
            assertEquals(expected, matching(pattern), "the MBeans `" + documented + "` finds");
        }
    }

    /** The trap the docs used to set: the connector's name unquoted matches none of its beans. */
    @Test
    void anUnquotedConnectorNameMatchesNothing() throws Exception {
        registered.add(LakeSinkMetrics.register(CONNECTOR, 0));
        assertEquals(Set.of(), matching(new ObjectName("io.lakesink:type=LakeSink,connector=" + CONNECTOR + ",*")));
    }

    private static List<String> documentedNames() throws IOException {
        List<String> names = new ArrayList<>();
        Matcher m = NAME_SPAN.matcher(Files.readString(OPERATIONS));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String beanOf(String connector, int task) throws MalformedObjectNameException {
        return new ObjectName("io.lakesink:type=LakeSink,connector=" + ObjectName.quote(connector) + ",task=" + task)
                .getCanonicalName();
    }

    private static Set<String> matching(ObjectName pattern) {
        Set<String> names = new TreeSet<>();
        ManagementFactory.getPlatformMBeanServer().queryNames(pattern, null)
                .forEach(n -> names.add(n.getCanonicalName()));
        return names;
    }
}
