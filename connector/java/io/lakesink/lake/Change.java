package io.lakesink.lake;

/** One path that differs between two refs (or between a branch's head and its staged changes). */
public record Change(Type type, String path, long sizeBytes) {
    public enum Type {
        ADDED, REMOVED, CHANGED
    }
}
