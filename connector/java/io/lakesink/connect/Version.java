package io.lakesink.connect;

/**
 * The version of this build, from the jar's manifest (Implementation-Version, written by the build). Classes not
 * loaded from a packaged jar (tests, exec:java) have none, and say so rather than repeat a version that may be old.
 */
public final class Version {
    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
