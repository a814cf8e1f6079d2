package io.lakesink.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

import io.lakesink.lake.embedded.EmbeddedLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A branch's first-parent line, newest first, each parent read only when the walk gets to it. */
class FirstParentsTest {

    @TempDir
    Path dir;

    @Test
    void walksFirstParentsNewestFirstAndReadsNoFurtherThanAsked() {
        try (EmbeddedLake embedded = EmbeddedLake.open(dir)) {
            embedded.createRepository("repo", "main");
            embedded.createBranch("repo", "side", "main");
            embedded.putObject("repo", "side", "side.txt", new ByteArrayInputStream(new byte[] {1}), "text/plain");
            embedded.commit("repo", "side", CommitRequest.of("side work"));
            embedded.commit("repo", "main", CommitRequest.of("one").allowingEmpty());
            embedded.commit("repo", "main", CommitRequest.of("two").allowingEmpty());
            embedded.merge("repo", "side", "main", MergeRequest.of("merge side"));
            Commit head = embedded.getCommit("repo", "main");

            AtomicInteger reads = new AtomicInteger();
            VersionedLake lake = (VersionedLake) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {VersionedLake.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getCommit")) {
                            reads.incrementAndGet();
                        }
                        return method.invoke(embedded, args);
                    });

            List<String> messages = new ArrayList<>();
            for (Commit c : FirstParents.from(lake, "repo", head)) {
                messages.add(c.message().lines().findFirst().orElse(""));
            }
            assertEquals("merge side", messages.get(0));
            assertEquals(List.of("two", "one"), messages.subList(1, 3), "the merged branch's commit is not on the line");
            assertFalse(messages.contains("side work"));
            int all = reads.getAndSet(0);
            assertEquals(messages.size() - 1, all, "one read per parent");

            Iterator<Commit> walk = FirstParents.from(lake, "repo", head).iterator();
            walk.next();
            assertEquals(0, reads.get(), "the head is given: nothing is read until the walk goes on");
            walk.next();
            assertEquals(1, reads.get());

            Commit first = null;
            Iterator<Commit> toTheEnd = FirstParents.from(lake, "repo", head).iterator();
            while (toTheEnd.hasNext()) {
                first = toTheEnd.next();
            }
            assertEquals(List.of(), first.parents());
            assertThrows(NoSuchElementException.class, toTheEnd::next);
        }
    }
}
