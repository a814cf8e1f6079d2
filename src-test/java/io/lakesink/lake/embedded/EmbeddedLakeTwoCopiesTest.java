package io.lakesink.lake.embedded;

import io.lakesink.lake.LakeIntegrityException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two copies of LakeSink in one JVM, as two Connect plugin class loaders make them: the second copy here is the
 * build's own classes and the SQLite driver loaded again, child-first, by a separate class loader. Each copy has its
 * own SQLite library, so only the process-wide claim keeps them from writing one lake.db.
 */
class EmbeddedLakeTwoCopiesTest {
    @TempDir
    Path dir;

    private URLClassLoader secondCopy;

    @BeforeEach
    void loadASecondCopy() throws Exception {
        URL classes = EmbeddedLake.class.getProtectionDomain().getCodeSource().getLocation();
        URL sqlite = org.sqlite.SQLiteConfig.class.getProtectionDomain().getCodeSource().getLocation();
        secondCopy = new ChildFirst(new URL[] {classes, sqlite}, getClass().getClassLoader());
    }

    @AfterEach
    void unload() throws Exception {
        secondCopy.close();
    }

    @Test
    void aSecondCopyIsRefusedALakeTheFirstHasOpenAndGetsItOnceTheFirstClosesIt() throws Exception {
        Path lakeDir = dir.resolve("lake");
        Class<?> other = secondCopy.loadClass(EmbeddedLake.class.getName());
        assertNotSame(EmbeddedLake.class, other, "the test needs a real second copy");
        assertNotSame(org.sqlite.SQLiteConfig.class, secondCopy.loadClass("org.sqlite.SQLiteConfig"));

        EmbeddedLake first = EmbeddedLake.open(lakeDir);
        EmbeddedLake sameCopy = EmbeddedLake.open(lakeDir); // tasks of one worker share a class loader
        first.createRepository("repo", "main");
        String refused = refusal(() -> openIn(other, lakeDir));
        assertTrue(refused.contains(lakeDir.toRealPath().toString()) && refused.contains("another copy of LakeSink")
                && refused.contains("corrupt"), refused);
        Files.createDirectories(dir.resolve("link-parent"));
        Path symlink = Files.createSymbolicLink(dir.resolve("link-parent").resolve("via-link"), lakeDir);
        refusal(() -> openIn(other, symlink)); // the same directory by another name is the same lake

        first.close();
        refusal(() -> openIn(other, lakeDir)); // still open by the same copy's other instance
        assertEquals("main", sameCopy.getRepository("repo").defaultBranch());
        sameCopy.close();
        sameCopy.close(); // closing twice must not release someone else's claim

        AutoCloseable second = openIn(other, lakeDir);
        LakeIntegrityException e = assertThrows(LakeIntegrityException.class, () -> EmbeddedLake.open(lakeDir));
        assertTrue(e.getMessage().contains("another copy"), e.getMessage());
        try (EmbeddedLake elsewhere = EmbeddedLake.open(dir.resolve("another-lake"))) {
            elsewhere.createRepository("repo", "main"); // other directories stay free for either copy
        }
        second.close();
        try (EmbeddedLake again = EmbeddedLake.open(lakeDir)) {
            assertEquals("main", again.getRepository("repo").defaultBranch());
        }
    }

    private static AutoCloseable openIn(Class<?> copy, Path lakeDir) throws Exception {
        try {
            return (AutoCloseable) copy.getMethod("open", Path.class).invoke(null, lakeDir);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    /** The message of the second copy's refusal (its own LakeIntegrityException class, so matched by name). */
    private static String refusal(ThrowingOpen open) {
        Exception e = assertThrows(Exception.class, open::run);
        assertEquals(LakeIntegrityException.class.getName(), e.getClass().getName(), String.valueOf(e));
        return e.getMessage();
    }

    private interface ThrowingOpen {
        void run() throws Exception;
    }

    /** Loads LakeSink's and SQLite's classes itself; everything else from the parent, as Connect's plugin loader. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) {
            super("second-lakesink-copy", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.lakesink.") && !name.startsWith("org.sqlite.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
