package io.lakesink.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/architecture.md lists the packages top to bottom and promises that every dependency points down the list.
 * This reads which packages each source file names (imports and qualified names alike) and holds the code to it.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("connector", "java");
    private static final Path ARCHITECTURE = Path.of("docs", "architecture.md");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern NAMED = Pattern.compile("\\b(io\\.lakesink(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyDependencyPointsDownTheDocumentedList() throws IOException {
        List<String> documented = new ArrayList<>();
        String doc = Files.readString(ARCHITECTURE);
        String table = doc.substring(doc.indexOf("## Packages"), doc.indexOf("## Branches"));
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            documented.add(row.group(1));
        }
        Map<String, Set<String>> uses = dependencies();
        assertEquals(new TreeSet<>(uses.keySet()), new TreeSet<>(documented),
                "docs/architecture.md must list every package of the code, and no other");
        List<String> upwards = new ArrayList<>();
        uses.forEach((pkg, used) -> used.forEach(u -> {
            if (documented.indexOf(u) <= documented.indexOf(pkg)) {
                upwards.add(pkg + " -> " + u);
            }
        }));
        assertEquals(List.of(), upwards, "dependencies that point up the list (or form a cycle)");
    }

    /** Package (without {@code io.lakesink.}) to the packages of ours its files name. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                Matcher pkg = PACKAGE.matcher(source);
                if (!pkg.find()) {
                    continue;
                }
                String own = pkg.group(1);
                Set<String> used = uses.computeIfAbsent(shortName(own), k -> new TreeSet<>());
                Matcher named = NAMED.matcher(source);
                while (named.find()) {
                    if (!named.group(1).equals(own)) {
                        used.add(shortName(named.group(1)));
                    }
                }
            }
        }
        return uses;
    }

    private static String shortName(String pkg) {
        return pkg.substring("io.lakesink.".length());
    }
}
