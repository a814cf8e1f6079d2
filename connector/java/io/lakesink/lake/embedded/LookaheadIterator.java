package io.lakesink.lake.embedded;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator that computes each element one step ahead; {@link #computeNext()} returns null at the end. */
abstract class LookaheadIterator<T> implements Iterator<T> {
    private T next;
    private boolean started;

    protected abstract T computeNext();

    @Override
    public boolean hasNext() {
        if (!started) {
            next = computeNext();
            started = true;
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T e = next;
        next = computeNext();
        return e;
    }
}
