package io.lakesink.lake.lakefs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Failures the test server plays on purpose: an error answer instead of doing the work (429/503, or a 412 from a
 * pre-merge hook), or the work done and the answer held back past the client's read time-out.
 */
final class ServerFaults {
    private record Fault(String method, Pattern path, int status, String message, Duration delayAfterWork,
                         AtomicInteger remaining) {
        boolean matches(String m, String p) {
            return method.equals(m) && path.matcher(p).find() && remaining.get() > 0;
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private record Interloper(String method, Pattern path, Runnable action, AtomicInteger remaining) {
    }
    private final List<Interloper> interlopers = new CopyOnWriteArrayList<>();

    /** Before the next matching request is handled, {@code action} runs: another writer getting in first. */
    void runBeforeNext(String method, String pathRegex, Runnable action) {
        interlopers.add(new Interloper(method, Pattern.compile(pathRegex), action, new AtomicInteger(1)));
    }

    /** Runs the actions waiting for this request, if any. */
    void interlope(String method, String path) {
        for (Interloper i : interlopers) {
            if (i.method().equals(method) && i.path().matcher(path).find() && i.remaining().getAndDecrement() > 0) {
                i.action().run();
            }
        }
    }

    /** The next {@code times} matching requests are answered {@code status} with lakeFS's error body, doing nothing. */
    void failNext(String method, String pathRegex, int status, String message, int times) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), status, message, null, new AtomicInteger(times)));
    }

    /** The next matching request does its work, then the answer waits {@code delay} (the client times out first). */
    void delayAnswerAfterWork(String method, String pathRegex, Duration delay) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), 0, null, delay, new AtomicInteger(1)));
    }

    void clear() {
        faults.clear();
        interlopers.clear();
    }

    /** The error to answer instead of doing the work, or null. */
    Injected errorFor(String method, String path) {
        for (Fault f : faults) {
            if (f.delayAfterWork() == null && f.matches(method, path) && f.remaining().getAndDecrement() > 0) {
                return new Injected(f.status(), f.message());
            }
        }
        return null;
    }

    /** How long to hold the answer back after doing the work, or null. */
    Duration delayFor(String method, String path) {
        for (Fault f : faults) {
            if (f.delayAfterWork() != null && f.matches(method, path) && f.remaining().getAndDecrement() > 0) {
                return f.delayAfterWork();
            }
        }
        return null;
    }

    record Injected(int status, String message) {
    }
}
