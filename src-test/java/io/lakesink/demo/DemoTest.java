package io.lakesink.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main job, run whole: its story happens and its summary adds up. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void theDemoQuarantinesRollsBackAndEndsWithOnlyGoodDataOnMainExactlyOnce() throws Exception {
        Path demoDir = dir.resolve("demo");
        Demo.prepare(demoDir);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Demo demo = new Demo(demoDir, out);
        try {
            demo.run();
        } finally {
            demo.stop();
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("CHECK FAILED on ingest commit"), text);
        assertTrue(text.contains("positive_amounts: ") && text.contains("-> quarantine"), text);
        assertTrue(text.contains("row(s) of") && text.contains("kept aside on branch quarantine-"), text);
        assertTrue(text.contains("Released ") && text.contains("refunds, approved by finance"), text);
        assertTrue(text.contains("released already"), "the second release is refused: " + text);
        assertTrue(text.contains("skipped for good: 60 offset(s)"), text);
        assertTrue(text.contains("Rolled back: main is at"), text);

        Matcher expected = Pattern.compile("expected on main: (\\d+)").matcher(text);
        assertTrue(expected.find(), text);
        Matcher orders = Pattern.compile("\\norders\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*\\n").matcher(text);
        assertTrue(orders.find(), text);
        assertEquals(expected.group(1), orders.group(1), "orders on main");
        assertEquals(orders.group(1), orders.group(2), "each order offset once");
        assertEquals("0", orders.group(3), "no bad order on main");
        assertEquals("25", orders.group(4), "the released refunds, once");
        Matcher customers = Pattern.compile("\\ncustomers\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*\\n").matcher(text);
        assertTrue(customers.find(), text);
        assertEquals("140", customers.group(1));
        assertEquals("140", customers.group(2));

        // a re-run starts afresh in the same directory; a directory the demo did not make is left alone
        Demo.prepare(demoDir);
        assertTrue(Files.exists(demoDir.resolve(".lakesink-demo")));
        Path foreign = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(foreign.resolve("keep.txt"), "x");
        assertThrows(java.io.IOException.class, () -> Demo.prepare(foreign));
        assertTrue(Files.exists(foreign.resolve("keep.txt")));
    }
}
