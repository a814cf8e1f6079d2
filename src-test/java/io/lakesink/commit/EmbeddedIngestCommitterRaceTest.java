package io.lakesink.commit;

import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.VersionedLake;
import io.lakesink.lake.embedded.EmbeddedLake;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** The committer race on the embedded lake: the other writer commits just before the committer's commit call. */
class EmbeddedIngestCommitterRaceTest extends IngestCommitterRaceTest {
    @Override
    protected VersionedLake openLake(Path dir) {
        return EmbeddedLake.open(dir);
    }

    @Override
    protected VersionedLake racing(VersionedLake lake, Runnable otherWriter) {
        AtomicBoolean done = new AtomicBoolean();
        return (VersionedLake) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{VersionedLake.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && args[2] instanceof CommitRequest
                            && done.compareAndSet(false, true)) {
                        otherWriter.run();
                    }
                    try {
                        return method.invoke(lake, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
