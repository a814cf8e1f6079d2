package io.lakesink.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A test's own background threads (producer, lake outages, status watch). An exception in one of them would die
 * with its thread unseen; here it is kept, and {@link #assertNoneFailed()} fails the test with it.
 */
public final class HelperThreads implements AutoCloseable {
    public interface Body {
        void run() throws Exception;
    }

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    public synchronized Thread start(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // stopped by close()
            } catch (Throwable e) {
                failures.add(new AssertionError("helper thread " + name + " failed: " + e, e));
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    public void assertNoneFailed() {
        Throwable first = failures.peek();
        if (first != null) {
            AssertionError e = new AssertionError(failures.size() + " helper thread(s) failed; first: "
                    + first.getMessage(), first);
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
