package io.lakesink.lake.lakefs;

import io.lakesink.lake.Change;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Names the paths of a failed merge or revert. lakeFS answers a conflict with 409 "conflict found" and no paths;
 * the lake interface promises them, so they are worked out from two diffs against the common base: a path
 * conflicts when both sides changed it and did not end up with the same content.
 */
final class ConflictFinder {
    /** What the finder reads from the lake. */
    interface Reader {
        /** Every committed change from {@code fromRef} to {@code toRef}. */
        List<Change> changes(String fromRef, String toRef);

        /** The checksum of {@code path} at {@code ref}, or null when it is not there. */
        String checksumOrNull(String ref, String path);
    }

    private final Reader reader;

    ConflictFinder(Reader reader) {
        this.reader = reader;
    }

    /** Paths changed differently from {@code base} to {@code left} and from {@code base} to {@code right}, in path order. */
    List<String> conflicts(String base, String left, String right) {
        Set<String> leftPaths = reader.changes(base, left).stream().map(Change::path)
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> out = new ArrayList<>();
        for (Change c : reader.changes(base, right)) {
            if (leftPaths.contains(c.path())
                    && !Objects.equals(reader.checksumOrNull(left, c.path()), reader.checksumOrNull(right, c.path()))) {
                out.add(c.path());
            }
        }
        return out;
    }
}
