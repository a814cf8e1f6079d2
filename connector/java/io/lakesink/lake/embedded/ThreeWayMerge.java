package io.lakesink.lake.embedded;

import io.lakesink.lake.MergeStrategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settles what a three-way merge applies to the destination: the source's changes since the base, except where
 * the destination changed the same path differently (a conflict, settled by the strategy).
 */
final class ThreeWayMerge {
    record Outcome(List<Update> updates, List<String> conflicts) {
    }

    private ThreeWayMerge() {
    }

    static Outcome settle(List<EntryDiff> baseToSource, List<EntryDiff> baseToDestination, MergeStrategy strategy) {
        Map<String, EntryDiff> destination = new HashMap<>();
        baseToDestination.forEach(d -> destination.put(d.path(), d));
        List<Update> updates = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (EntryDiff source : baseToSource) {
            EntryDiff dest = destination.get(source.path());
            if (dest == null) {
                updates.add(new Update(source.path(), source.right()));
            } else if (!Entry.sameContent(source.right(), dest.right())) {
                switch (strategy) {
                    case FAIL -> conflicts.add(source.path());
                    case SOURCE_WINS -> updates.add(new Update(source.path(), source.right()));
                    case DEST_WINS -> { }
                }
            }
        }
        return new Outcome(updates, conflicts);
    }
}
