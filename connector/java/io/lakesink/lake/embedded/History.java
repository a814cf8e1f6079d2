package io.lakesink.lake.embedded;

import io.lakesink.lake.Commit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/** Walks the commit graph: log order and merge bases. */
final class History {
    /** Newest first: higher generation, then later creation, then id for a stable order. */
    private static final Comparator<Commit> NEWEST_FIRST = Comparator.comparingLong(Commit::generation).reversed()
            .thenComparing(Comparator.comparing(Commit::creationDate).reversed())
            .thenComparing(Commit::id);

    private final CommitTable commits;

    History(CommitTable commits) {
        this.commits = commits;
    }

    /** Up to {@code limit} commits reachable from {@code head}, newest first, starting after commit {@code after}. */
    List<Commit> log(Connection c, String repo, Commit head, String after, int limit) throws SQLException {
        PriorityQueue<Commit> queue = new PriorityQueue<>(NEWEST_FIRST);
        Set<String> seen = new HashSet<>();
        queue.add(head);
        seen.add(head.id());
        boolean collecting = after.isEmpty();
        List<Commit> out = new ArrayList<>();
        while (!queue.isEmpty() && out.size() < limit) {
            Commit commit = queue.poll();
            if (collecting) {
                out.add(commit);
            } else if (commit.id().equals(after)) {
                collecting = true;
            }
            for (String parent : commit.parents()) {
                if (seen.add(parent)) {
                    queue.add(commits.require(c, repo, parent));
                }
            }
        }
        return out;
    }

    /** The newest commit reachable from both, or null when they share no history. */
    Commit mergeBase(Connection c, String repo, Commit left, Commit right) throws SQLException {
        final int fromLeft = 1;
        final int fromRight = 2;
        Map<String, Integer> reachedFrom = new HashMap<>();
        PriorityQueue<Commit> queue = new PriorityQueue<>(NEWEST_FIRST);
        reachedFrom.put(left.id(), fromLeft);
        reachedFrom.merge(right.id(), fromRight, (a, b) -> a | b);
        queue.add(left);
        if (!right.id().equals(left.id())) {
            queue.add(right);
        }
        while (!queue.isEmpty()) {
            Commit commit = queue.poll();
            int flags = reachedFrom.get(commit.id());
            // Parents always have a lower generation, so the first commit reached from both sides is the newest.
            if (flags == (fromLeft | fromRight)) {
                return commit;
            }
            for (String parent : commit.parents()) {
                Integer before = reachedFrom.get(parent);
                int now = before == null ? flags : before | flags;
                if (before == null || now != before) {
                    reachedFrom.put(parent, now);
                    Commit p = commits.require(c, repo, parent);
                    queue.remove(p);
                    queue.add(p);
                }
            }
        }
        return null;
    }
}
