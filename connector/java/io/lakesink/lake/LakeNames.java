package io.lakesink.lake;

import java.util.regex.Pattern;

/** lakeFS's naming rules, checked the same way by every backend so that what works embedded works on lakeFS. */
public final class LakeNames {
    private static final Pattern REPOSITORY = Pattern.compile("^[a-z0-9][a-z0-9-]{2,62}$");
    private static final Pattern BRANCH = Pattern.compile("^\\w[-\\w]*$");

    private LakeNames() {
    }

    public static String repository(String name) {
        if (name == null || !REPOSITORY.matcher(name).matches()) {
            throw new LakeInvalidArgumentException("invalid repository name '" + name + "': use 3 to 63 characters,"
                    + " lower-case letters, digits and '-', starting with a letter or digit");
        }
        return name;
    }

    public static String branch(String name) {
        if (name == null || !BRANCH.matcher(name).matches()) {
            throw new LakeInvalidArgumentException("invalid branch name '" + name + "': use letters, digits, '_'"
                    + " and '-', starting with a letter, digit or '_' (no '/', no spaces)");
        }
        return name;
    }

    public static String path(String path) {
        if (path == null || path.isEmpty()) {
            throw new LakeInvalidArgumentException("an object path must not be empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw new LakeInvalidArgumentException("object path '" + path.replace('\0', '?')
                    + "' contains a NUL character");
        }
        return path;
    }

    public static String prefix(String prefix) {
        return prefix == null ? "" : prefix;
    }
}
