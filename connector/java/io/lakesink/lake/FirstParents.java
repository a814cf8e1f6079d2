package io.lakesink.lake;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A commit's own line of history, newest first: the commit, its first parent, that one's first parent, and so on to
 * the first commit. On a branch that merges (main) that is one commit per merge, not the commits the merges brought
 * in. A parent is fetched only when the walk reaches it, so a walk that stops early reads no further; where to stop
 * is the caller's.
 */
public final class FirstParents implements Iterable<Commit> {
    private final VersionedLake lake;
    private final String repository;
    private final Commit head;

    private FirstParents(VersionedLake lake, String repository, Commit head) {
        this.lake = lake;
        this.repository = repository;
        this.head = head;
    }

    public static FirstParents from(VersionedLake lake, String repository, Commit head) {
        return new FirstParents(lake, repository, head);
    }

    @Override
    public Iterator<Commit> iterator() {
        return new Iterator<>() {
            private Commit next = head;
            private Commit returned;

            @Override
            public boolean hasNext() {
                if (next == null && returned != null && !returned.parents().isEmpty()) {
                    next = lake.getCommit(repository, returned.parents().get(0));
                    returned = null;
                }
                return next != null;
            }

            @Override
            public Commit next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no commit before " + returned.id());
                }
                returned = next;
                next = null;
                return returned;
            }
        };
    }
}
