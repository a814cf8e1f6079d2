package io.lakesink.lake.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The contents of a commit, in lakeFS Graveler's layout with one more level: the commit's meta-range lists index
 * pages, each page lists ranges, each range holds sorted, immutable entries; every level is stored by content
 * hash. Where a range or page ends is decided by the paths alone (content-defined chunking, as in Prolly trees):
 * the same set of entries always gives the same ranges, whatever history built it. So an update rewrites only the
 * ranges it touches, the pages above them and the small root; a merge of branches holding the same data finds
 * equal ids instead of comparing entries; and a commit or merge costs what its change costs, not what the
 * repository holds.
 */
final class Tree {
    /** A range ends after a path whose hash is 0 modulo this (about 256 entries on average)... */
    static final int RANGE_BOUNDARY_ODDS = 256;
    /** ...or after this many entries, whichever comes first. */
    static final int MAX_RANGE_ENTRIES = 1024;
    /** A page ends after a range whose last path hashes (differently) to 0 modulo this, or when full. */
    static final int PAGE_BOUNDARY_ODDS = 64;
    static final int MAX_PAGE_RANGES = 256;

    private final RangeStore store;

    Tree(RangeStore store) {
        this.store = store;
    }

    String emptyMetaRange(Connection c, String repo) throws SQLException {
        return store.writeMetaRange(c, repo, List.of());
    }

    Entry lookup(Connection c, String repo, String metaRangeId, String path) throws SQLException {
        List<RangeRef> pages = store.metaRange(c, repo, metaRangeId);
        int p = firstRangeEndingAtOrAfter(pages, path);
        if (p >= pages.size() || PathOrder.compare(path, pages.get(p).minKey()) < 0) {
            return null;
        }
        List<RangeRef> ranges = store.metaRange(c, repo, pages.get(p).id());
        int i = firstRangeEndingAtOrAfter(ranges, path);
        if (i >= ranges.size() || PathOrder.compare(path, ranges.get(i).minKey()) < 0) {
            return null;
        }
        List<Entry> entries = store.range(c, repo, ranges.get(i));
        int pos = indexOf(entries, path);
        return pos >= 0 ? entries.get(pos) : null;
    }

    /** Entries with paths after {@code after} (exclusive) that start with {@code prefix}, in path order. */
    Iterator<Entry> iterate(Connection c, String repo, String metaRangeId, String after, String prefix)
            throws SQLException {
        List<RangeRef> pages = store.metaRange(c, repo, metaRangeId);
        String start = PathOrder.compare(after, prefix) >= 0 ? after : prefix;
        boolean inclusive = PathOrder.compare(after, prefix) < 0;
        return new LookaheadIterator<>() {
            int pageIndex = firstRangeEndingAtOrAfter(pages, start);
            List<RangeRef> ranges = List.of();
            int rangeIndex;
            boolean seeked;
            List<Entry> current = List.of();
            int pos;

            @Override
            protected Entry computeNext() {
                try {
                    while (pos >= current.size()) {
                        if (rangeIndex >= ranges.size()) {
                            if (pageIndex >= pages.size()) {
                                return null;
                            }
                            ranges = store.metaRange(c, repo, pages.get(pageIndex++).id());
                            rangeIndex = seeked ? 0 : firstRangeEndingAtOrAfter(ranges, start);
                            continue;
                        }
                        current = store.range(c, repo, ranges.get(rangeIndex++));
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
        };
    }

    /** Applies path-sorted updates to a tree and returns the new tree's meta-range id. */
    String apply(Connection c, String repo, String metaRangeId, List<Update> updates) throws SQLException {
        if (updates.isEmpty()) {
            return metaRangeId;
        }
        return new Rebuild(c, repo).run(store.metaRange(c, repo, metaRangeId), updates);
    }

    /**
     * One update of a tree. Walks pages and ranges in key order; those the updates do not touch are reused as they
     * are, unless the entries before them are still waiting for a boundary, in which case chunking carries on
     * through them until it ends where an old range (or page) ended: from there on the old tree is canonical.
     */
    private final class Rebuild {
        private final Connection c;
        private final String repo;
        private final List<RangeRef> pages = new ArrayList<>();
        private final List<Entry> pendingEntries = new ArrayList<>();
        private final List<RangeRef> pendingRanges = new ArrayList<>();

        Rebuild(Connection c, String repo) {
            this.c = c;
            this.repo = repo;
        }

        String run(List<RangeRef> oldPages, List<Update> updates) throws SQLException {
            int u = 0;
            for (int p = 0; p < oldPages.size(); p++) {
                boolean lastPage = p == oldPages.size() - 1;
                int pageEnd = endOfUpdatesFor(oldPages.get(p), lastPage, updates, u);
                if (pageEnd == u && pendingEntries.isEmpty() && pendingRanges.isEmpty()) {
                    pages.add(oldPages.get(p));
                    continue;
                }
                List<RangeRef> ranges = store.metaRange(c, repo, oldPages.get(p).id());
                for (int r = 0; r < ranges.size(); r++) {
                    boolean lastRange = r == ranges.size() - 1;
                    int rangeEnd = lastRange ? pageEnd : Math.min(pageEnd,
                            endOfUpdatesFor(ranges.get(r), false, updates, u));
                    if (rangeEnd == u && pendingEntries.isEmpty()) {
                        emitRange(ranges.get(r));
                        continue;
                    }
                    pendingEntries.addAll(merge(store.range(c, repo, ranges.get(r)), updates.subList(u, rangeEnd)));
                    u = rangeEnd;
                    cutRanges();
                }
            }
            if (oldPages.isEmpty()) {
                pendingEntries.addAll(merge(List.of(), updates));
                cutRanges();
            }
            if (!pendingEntries.isEmpty()) {
                emitRange(store.writeRange(c, repo, List.copyOf(pendingEntries)));
            }
            if (!pendingRanges.isEmpty()) {
                pages.add(writePage(pendingRanges));
            }
            return store.writeMetaRange(c, repo, pages);
        }

        private void cutRanges() throws SQLException {
            int start = 0;
            for (int i = 0; i < pendingEntries.size(); i++) {
                if (i - start + 1 == MAX_RANGE_ENTRIES || endsRange(pendingEntries.get(i).path())) {
                    emitRange(store.writeRange(c, repo, List.copyOf(pendingEntries.subList(start, i + 1))));
                    start = i + 1;
                }
            }
            pendingEntries.subList(0, start).clear();
        }

        private void emitRange(RangeRef range) throws SQLException {
            pendingRanges.add(range);
            if (pendingRanges.size() == MAX_PAGE_RANGES || endsPage(range.maxKey())) {
                pages.add(writePage(pendingRanges));
                pendingRanges.clear();
            }
        }

        private RangeRef writePage(List<RangeRef> ranges) throws SQLException {
            String id = store.writeMetaRange(c, repo, List.copyOf(ranges));
            int count = ranges.stream().mapToInt(RangeRef::count).sum();
            return new RangeRef(id, ranges.get(0).minKey(), ranges.get(ranges.size() - 1).maxKey(), count);
        }
    }

    static boolean endsRange(String path) {
        return (mix(path.hashCode()) & (RANGE_BOUNDARY_ODDS - 1)) == 0;
    }

    static boolean endsPage(String lastPath) {
        return (mix(path2(lastPath)) & (PAGE_BOUNDARY_ODDS - 1)) == 0;
    }

    private static int path2(String path) {
        return path.hashCode() * 0x9E3779B9 + 0x7F4A7C15;
    }

    /** Murmur3's finaliser: spreads {@link String#hashCode()} (stable by specification) over all bits. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** Updates from {@code u} on that fall into a child: up to its last key, or all that remain for the last. */
    private static int endOfUpdatesFor(RangeRef child, boolean last, List<Update> updates, int u) {
        int end = u;
        while (end < updates.size() && (last || PathOrder.compare(updates.get(end).path(), child.maxKey()) <= 0)) {
            end++;
        }
        return end;
    }

    /** Every path whose entry differs between two trees, in path order. */
    List<EntryDiff> diff(Connection c, String repo, String leftId, String rightId) throws SQLException {
        if (leftId.equals(rightId)) {
            return List.of();
        }
        // A page or range present in both trees holds the same entries in both, and no other page or range of
        // either tree can hold those paths: only what is unique to one side can differ.
        List<RangeRef> leftPages = store.metaRange(c, repo, leftId);
        List<RangeRef> rightPages = store.metaRange(c, repo, rightId);
        List<RangeRef> leftRanges = rangesOfPagesNotIn(c, repo, leftPages, ids(rightPages));
        List<RangeRef> rightRanges = rangesOfPagesNotIn(c, repo, rightPages, ids(leftPages));
        List<Entry> l = entriesOfRangesNotIn(c, repo, leftRanges, ids(rightRanges));
        List<Entry> r = entriesOfRangesNotIn(c, repo, rightRanges, ids(leftRanges));
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

    private static Set<String> ids(List<RangeRef> refs) {
        Set<String> ids = new HashSet<>();
        refs.forEach(r -> ids.add(r.id()));
        return ids;
    }

    private List<RangeRef> rangesOfPagesNotIn(Connection c, String repo, List<RangeRef> pages, Set<String> exclude)
            throws SQLException {
        List<RangeRef> ranges = new ArrayList<>();
        for (RangeRef page : pages) {
            if (!exclude.contains(page.id())) {
                ranges.addAll(store.metaRange(c, repo, page.id()));
            }
        }
        return ranges;
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
