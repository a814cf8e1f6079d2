package io.lakesink.lake.embedded;

import java.util.Iterator;

/** What a branch shows: its committed entries overlaid with its staged changes, both in path order. */
final class StagedView extends LookaheadIterator<Entry> {
    private final Iterator<Entry> committed;
    private final Iterator<Update> staged;
    private Entry nextCommitted;
    private Update nextStaged;

    StagedView(Iterator<Entry> committed, Iterator<Update> staged) {
        this.committed = committed;
        this.staged = staged;
        this.nextCommitted = committed.hasNext() ? committed.next() : null;
        this.nextStaged = staged.hasNext() ? staged.next() : null;
    }

    @Override
    protected Entry computeNext() {
        while (nextCommitted != null || nextStaged != null) {
            int cmp = nextCommitted == null ? 1 : nextStaged == null ? -1
                    : PathOrder.compare(nextCommitted.path(), nextStaged.path());
            if (cmp < 0) {
                Entry e = nextCommitted;
                nextCommitted = committed.hasNext() ? committed.next() : null;
                return e;
            }
            Update u = nextStaged;
            nextStaged = staged.hasNext() ? staged.next() : null;
            if (cmp == 0) {
                nextCommitted = committed.hasNext() ? committed.next() : null;
            }
            if (!u.isRemoval()) {
                return u.entry();
            }
        }
        return null;
    }
}
