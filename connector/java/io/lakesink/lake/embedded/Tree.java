package io.lakesink.lake.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The contents of a commit: a meta-range of sorted, immutable ranges (lakeFS Graveler's layout). Updating a
 * tree rewrites only the ranges the update touches and shares every other range with the old tree, so the cost
 * of a commit or merge grows with its change, not with the repository.
 */
final class Tree {
    /** A range grows to at most this many entries before it is split. */
    static final int MAX_RANGE_ENTRIES = 1024;
    /** Size of the pieces a range is split into: half full, so appends fill them before the next split. */
    static final int SPLIT_RANGE_ENTRIES = MAX_RANGE_ENTRIES / 2;

    private final RangeStore store;

    Tree(RangeStore store) {
        this.store = store;
    }

    String emptyMetaRange(Connection c, String repo) throws SQLException {
        return store.writeMetaRange(c, repo, List.of());
    }

    Entry lookup(Connection c, String repo, String metaRangeId, String path) throws SQLException {
        List<RangeRef> refs = store.metaRange(c, repo, metaRangeId);
        int i = firstRangeEndingAtOrAfter(refs, path);
        if (i >= refs.size() || PathOrder.compare(path, refs.get(i).minKey()) < 0) {
            return null;
        }
        List<Entry> entries = store.range(c, repo, refs.get(i));
        int pos = indexOf(entries, path);
        return pos >= 0 ? entries.get(pos) : null;
    }

    /** Entries with paths after {@code after} (exclusive) that start with {@code prefix}, in path order. */
    Iterator<Entry> iterate(Connection c, String repo, String metaRangeId, String after, String prefix)
            throws SQLException {
        List<RangeRef> refs = store.metaRange(c, repo, metaRangeId);
        String start = PathOrder.compare(after, prefix) >= 0 ? after : prefix;
        boolean inclusive = PathOrder.compare(after, prefix) < 0;
        return new Iterator<>() {
            int rangeIndex = firstRangeEndingAtOrAfter(refs, start);
            boolean seeked;
            List<Entry> current = List.of();
            int pos;
            Entry next = advance();

            private Entry advance() {
                try {
                    while (pos >= current.size()) {
                        if (rangeIndex >= refs.size()) {
                            return null;
                        }
                        current = store.range(c, repo, refs.get(rangeIndex++));
                        pos = 0;
                        if (!seeked) {
                            // only the first range can hold paths before the start; later ones begin after it
                            int found = indexOf(current, start);
                            pos = found >= 0 ? (inclusive ? found : found + 1) : -found - 1;
                            seeked = true;
                        }
                    }
                    Entry e = current.get(pos++);
                    return e.path().startsWith(prefix) ? e : null;
                } catch (SQLException e) {
                    throw new SqlRuntimeException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Entry next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Entry e = next;
                next = advance();
                return e;
            }
        };
    }

    /** Applies path-sorted updates to a tree and returns the new tree's meta-range id. */
    String apply(Connection c, String repo, String metaRangeId, List<Update> updates) throws SQLException {
        if (updates.isEmpty()) {
            return metaRangeId;
        }
        List<RangeRef> refs = store.metaRange(c, repo, metaRangeId);
        List<RangeRef> result = new ArrayList<>(refs.size() + 2);
        int u = 0;
        for (int i = 0; i < refs.size(); i++) {
            RangeRef ref = refs.get(i);
            boolean last = i == refs.size() - 1;
            int end = u;
            while (end < updates.size() && (last || PathOrder.compare(updates.get(end).path(), ref.maxKey()) <= 0)) {
                end++;
            }
            if (end == u) {
                result.add(ref);
                continue;
            }
            List<Entry> merged = merge(store.range(c, repo, ref), updates.subList(u, end));
            u = end;
            result.addAll(writeRanges(c, repo, merged));
        }
        if (refs.isEmpty()) {
            result.addAll(writeRanges(c, repo, merge(List.of(), updates)));
        }
        return store.writeMetaRange(c, repo, result);
    }

    /** Every path whose entry differs between two trees, in path order. */
    List<EntryDiff> diff(Connection c, String repo, String leftId, String rightId) throws SQLException {
        if (leftId.equals(rightId)) {
            return List.of();
        }
        List<RangeRef> left = store.metaRange(c, repo, leftId);
        List<RangeRef> right = store.metaRange(c, repo, rightId);
        // A range present in both trees holds the same entries in both, and no other range of either tree can
        // hold those paths: only ranges unique to one side can differ.
        Set<String> leftIds = new HashSet<>();
        left.forEach(r -> leftIds.add(r.id()));
        Set<String> rightIds = new HashSet<>();
        right.forEach(r -> rightIds.add(r.id()));
        List<Entry> l = entriesOfRangesNotIn(c, repo, left, rightIds);
        List<Entry> r = entriesOfRangesNotIn(c, repo, right, leftIds);
        List<EntryDiff> diffs = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < l.size() || j < r.size()) {
            int cmp = i == l.size() ? 1 : j == r.size() ? -1 : PathOrder.compare(l.get(i).path(), r.get(j).path());
            if (cmp < 0) {
                diffs.add(new EntryDiff(l.get(i).path(), l.get(i++), null));
            } else if (cmp > 0) {
                diffs.add(new EntryDiff(r.get(j).path(), null, r.get(j++)));
            } else {
                Entry a = l.get(i++);
                Entry b = r.get(j++);
                if (!a.sameContent(b)) {
                    diffs.add(new EntryDiff(a.path(), a, b));
                }
            }
        }
        return diffs;
    }

    private List<Entry> entriesOfRangesNotIn(Connection c, String repo, List<RangeRef> refs, Set<String> exclude)
            throws SQLException {
        List<Entry> entries = new ArrayList<>();
        for (RangeRef ref : refs) {
            if (!exclude.contains(ref.id())) {
                entries.addAll(store.range(c, repo, ref));
            }
        }
        return entries;
    }

    private List<RangeRef> writeRanges(Connection c, String repo, List<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return List.of();
        }
        if (entries.size() <= MAX_RANGE_ENTRIES) {
            return List.of(store.writeRange(c, repo, entries));
        }
        List<RangeRef> refs = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += SPLIT_RANGE_ENTRIES) {
            refs.add(store.writeRange(c, repo, entries.subList(from, Math.min(entries.size(), from + SPLIT_RANGE_ENTRIES))));
        }
        return refs;
    }

    private static List<Entry> merge(List<Entry> entries, List<Update> updates) {
        List<Entry> out = new ArrayList<>(entries.size() + updates.size());
        int i = 0;
        int j = 0;
        while (i < entries.size() || j < updates.size()) {
            int cmp = i == entries.size() ? 1 : j == updates.size() ? -1
                    : PathOrder.compare(entries.get(i).path(), updates.get(j).path());
            if (cmp < 0) {
                out.add(entries.get(i++));
            } else {
                Update up = updates.get(j++);
                if (cmp == 0) {
                    i++;
                }
                if (!up.isRemoval()) {
                    out.add(up.entry());
                }
            }
        }
        return out;
    }

    private static int firstRangeEndingAtOrAfter(List<RangeRef> refs, String key) {
        int lo = 0;
        int hi = refs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (PathOrder.compare(refs.get(mid).maxKey(), key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Binary search by path: the index if found, else {@code -(insertion point) - 1}. */
    private static int indexOf(List<Entry> entries, String path) {
        int lo = 0;
        int hi = entries.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = PathOrder.compare(entries.get(mid).path(), path);
            if (cmp < 0) {
                lo = mid + 1;
            } else if (cmp > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }
}
