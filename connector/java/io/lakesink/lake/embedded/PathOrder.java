package io.lakesink.lake.embedded;

import java.nio.charset.StandardCharsets;

/**
 * Paths sort by Unicode code point, which is SQLite's (UTF-8 byte) order for the staging table. Java's
 * {@link String#compareTo} differs for characters above U+E000 versus surrogate pairs, so trees and the
 * staging table would disagree on order without this fix-up.
 */
final class PathOrder {
    private PathOrder() {
    }

    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    return fix(x) - fix(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static int fix(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /** Length in UTF-8 bytes, for prefix matches SQLite makes on the stored bytes. */
    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
