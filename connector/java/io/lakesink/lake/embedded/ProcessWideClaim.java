package io.lakesink.lake.embedded;

import io.lakesink.lake.LakeIntegrityException;

import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a second copy of LakeSink's classes in this JVM away from a lake directory the first copy has open. Each
 * copy (a Connect plugin class loader loads one) brings its own SQLite library, whose locks cannot see the other
 * copy's, so two copies writing one {@code lake.db} corrupt it. The claim is an entry in the system properties,
 * the one map every class loader shares, keyed by the directory's real path; its value names the copy that holds
 * it and how many of that copy's lakes are open there, so lakes of the same copy (tasks of one worker) share it.
 */
final class ProcessWideClaim implements AutoCloseable {
    private static final String KEY_PREFIX = "io.lakesink.embedded.lake.open:";
    /** This copy of the classes: made once per class loader that loads this class. */
    private static final String COPY = UUID.randomUUID().toString();
    private static final String LOADER = String.valueOf(ProcessWideClaim.class.getClassLoader());

    private final String key;
    private final AtomicBoolean released = new AtomicBoolean();

    private ProcessWideClaim(String key) {
        this.key = key;
    }

    static ProcessWideClaim take(Path realRoot) {
        String key = KEY_PREFIX + realRoot;
        Properties shared = System.getProperties();
        synchronized (shared) { // the same object for every copy, so every copy's claims are serialised
            Holder holder = Holder.parse(shared.getProperty(key));
            if (holder != null && !holder.copy().equals(COPY)) {
                throw new LakeIntegrityException("the embedded lake at " + realRoot + " is already open in this JVM"
                        + " by another copy of LakeSink's classes (loaded by " + holder.loader() + "; this copy by "
                        + LOADER + "). Two copies do not see each other's SQLite locks and would corrupt"
                        + " lake.db: install LakeSink once per worker (one plugin path entry), or give each worker"
                        + " its own lake directory");
            }
            int count = holder == null ? 1 : holder.count() + 1;
            shared.setProperty(key, new Holder(count, COPY, LOADER).value());
        }
        return new ProcessWideClaim(key);
    }

    @Override
    public void close() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        Properties shared = System.getProperties();
        synchronized (shared) {
            Holder holder = Holder.parse(shared.getProperty(key));
            if (holder == null || !holder.copy().equals(COPY)) {
                return;
            }
            if (holder.count() <= 1) {
                shared.remove(key);
            } else {
                shared.setProperty(key, new Holder(holder.count() - 1, COPY, LOADER).value());
            }
        }
    }

    /** The value of a claim: {@code <count> <copy id> <class loader>}. */
    private record Holder(int count, String copy, String loader) {
        static Holder parse(String value) {
            if (value == null) {
                return null;
            }
            String[] parts = value.split(" ", 3);
            return new Holder(Integer.parseInt(parts[0]), parts[1], parts.length > 2 ? parts[2] : "?");
        }

        String value() {
            return count + " " + copy + " " + loader;
        }
    }
}
