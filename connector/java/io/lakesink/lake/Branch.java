package io.lakesink.lake;

/** A branch: a movable name pointing at a commit, plus its own staged (uncommitted) changes. */
public record Branch(String name, String commitId) {
}
