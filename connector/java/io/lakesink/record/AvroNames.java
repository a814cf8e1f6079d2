package io.lakesink.record;

/**
 * Turns arbitrary field names (JSON keys, Connect field names) into names Avro accepts, and builds
 * record names from field paths so that every record in a row schema has a distinct full name
 * (Avro silently mixes up two different records that share one).
 */
final class AvroNames {

    static final String NAMESPACE = "lakesink";

    private AvroNames() {
    }

    /** Letters, digits and '_' (Avro 1.12's default UTF name rules); anything else becomes '_'. */
    static String sanitize(String name) {
        if (isValid(name)) {
            return name; // nearly every name already is
        }
        if (name.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(name.length() + 1);
        if (!isNameStart(name.codePointAt(0))) {
            out.append('_');
        }
        name.codePoints().forEach(cp -> out.appendCodePoint(isNamePart(cp) ? cp : '_'));
        return out.toString();
    }

    static boolean isValid(String name) {
        if (name.isEmpty() || !isNameStart(name.codePointAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!isNamePart(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean isNameStart(int cp) {
        return Character.isLetter(cp) || cp == '_';
    }

    private static boolean isNamePart(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }
}
