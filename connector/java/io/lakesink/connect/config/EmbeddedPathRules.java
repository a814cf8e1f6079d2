package io.lakesink.connect.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code validate} can see on this machine about {@link LakeKeys#EMBEDDED_PATH}: a file where the directory
 * should be, or a directory that cannot be created or written. Only at validate time: the task checks again when it
 * opens the lake, since the disk may change in between, and a config may be parsed where the lake is not.
 */
final class EmbeddedPathRules {
    private EmbeddedPathRules() {
    }

    /** The problem with the (absolute) path, starting with the key, or null when the lake can live there. */
    static String problem(String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        String key = LakeKeys.EMBEDDED_PATH + " '" + path + "'";
        if (Files.exists(p)) {
            if (!Files.isDirectory(p)) {
                return key + " is a file, not a directory: give the directory the lake lives in";
            }
            if (!Files.isWritable(p)) {
                return key + " is a directory the worker cannot write to: grant write access or choose another";
            }
            return null;
        }
        Path ancestor = p.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            return null;
        }
        if (!Files.isDirectory(ancestor)) {
            return key + " cannot be created: " + ancestor + " is a file, not a directory";
        }
        if (!Files.isWritable(ancestor)) {
            return key + " cannot be created: the worker cannot write to " + ancestor;
        }
        return null;
    }
}
