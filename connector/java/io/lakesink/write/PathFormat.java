package io.lakesink.write;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code path.format} of the time-based partitioner. Users copy these from the Confluent
 * sinks, whose patterns are Joda-Time's: there {@code Y} is the year, but in java.time {@code Y}
 * is the week-based year, which differs around New Year and would file Dec 31 under next year.
 * So the pattern is translated: Joda {@code Y} becomes {@code y}, Joda {@code x} (week year)
 * becomes {@code Y}; quoted text stays as it is.
 */
final class PathFormat {

    private PathFormat() {
    }

    static DateTimeFormatter compile(String jodaPattern, Locale locale) {
        if (jodaPattern == null || jodaPattern.isBlank()) {
            throw new IllegalArgumentException("path.format must be set for time-based partitioning, "
                    + "e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH");
        }
        String translated = translate(jodaPattern.trim());
        checkSegments(translated, jodaPattern);
        try {
            return DateTimeFormatter.ofPattern(translated, locale);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("path.format '" + jodaPattern + "' is not a valid date pattern: "
                    + e.getMessage(), e);
        }
    }

    static String translate(String joda) {
        StringBuilder out = new StringBuilder(joda.length());
        boolean quoted = false;
        for (char c : joda.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                out.append(c);
            } else if (!quoted && c == 'Y') {
                out.append('y');
            } else if (!quoted && c == 'x') {
                out.append('Y');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The format is configuration, not data, but it must still stay below its prefix. */
    private static void checkSegments(String pattern, String original) {
        String unquoted = pattern.replaceAll("'[^']*'", "");
        if (pattern.startsWith("/") || pattern.endsWith("/") || pattern.contains("//") || pattern.contains("\\")) {
            throw new IllegalArgumentException("path.format '" + original + "' must be relative directory names "
                    + "separated by single '/'");
        }
        for (String segment : pattern.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.equals("'..'") || segment.equals("'.'")) {
                throw new IllegalArgumentException("path.format '" + original + "' must not contain '.' or '..' segments");
            }
        }
        if (unquoted.chars().noneMatch(Character::isLetter)) {
            throw new IllegalArgumentException("path.format '" + original + "' has no date field");
        }
    }
}
