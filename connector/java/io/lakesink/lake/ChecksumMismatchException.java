package io.lakesink.lake;

/** An object's bytes no longer match the checksum recorded when they were written: they changed on disk. */
public class ChecksumMismatchException extends LakeIntegrityException {
    private final String path;
    private final String ref;
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String path, String ref, String expected, String actual, String where) {
        super("object '" + path + "' at ref '" + ref + "' is damaged: its bytes" + (where == null ? "" : " at " + where)
                + " have checksum " + actual + " but the lake recorded " + expected + " when they were written;"
                + " nothing of it was served (restore the file from a backup, see docs/operations.md)");
        this.path = path;
        this.ref = ref;
        this.expected = expected;
        this.actual = actual;
    }

    public String path() {
        return path;
    }

    public String ref() {
        return ref;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
