package io.lakesink.lake.embedded;

import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeUnavailableException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded lake's metadata in one SQLite file in WAL mode. Reads run in their own snapshot and never block;
 * writes are serialised by one connection in this JVM and by SQLite's file lock ({@code BEGIN IMMEDIATE})
 * across processes, so a whole commit, merge or reset is one transaction: a killed process leaves either the
 * old or the new state.
 */
final class LakeDatabase implements AutoCloseable {
    private static final int SCHEMA_VERSION = 1;
    private static final int READ_CONNECTIONS = 4;
    private static final String LAKE_ID = "lake_id";

    private final Path file;
    private final Connection writer;
    // sqlite-jdbc opens the next transaction as soon as one commits when auto-commit is off, which would hold
    // the write lock between calls; so connections stay in auto-commit and transactions are begun explicitly.
    private static final String BEGIN_WRITE = "BEGIN IMMEDIATE";
    private static final String BEGIN_READ = "BEGIN DEFERRED";
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READ_CONNECTIONS);

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    LakeDatabase(Path file, int busyTimeoutMillis) {
        this.file = file;
        try {
            writer = connect(busyTimeoutMillis);
            migrate();
            for (int i = 0; i < READ_CONNECTIONS; i++) {
                readers.add(connect(busyTimeoutMillis));
            }
        } catch (SQLException e) {
            close();
            throw translate(e, "open the lake database");
        }
    }

    Path file() {
        return file;
    }

    /** Runs {@code work} in a read transaction: one consistent snapshot, concurrent with writers. */
    <T> T read(String what, Work<T> work) {
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeUnavailableException("interrupted while waiting to " + what, e);
        }
        try {
            return inTransaction(c, BEGIN_READ, what, work);
        } finally {
            readers.add(c);
        }
    }

    /** Runs {@code work} in the one write transaction; all of it is applied or none. */
    <T> T write(String what, Work<T> work) {
        writeLock.lock();
        try {
            return inTransaction(writer, BEGIN_WRITE, what, work);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T inTransaction(Connection c, String begin, String what, Work<T> work) {
        try {
            execute(c, begin);
        } catch (SQLException e) {
            throw translate(e, what);
        }
        try {
            T result = work.run(c);
            execute(c, "COMMIT");
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw translate(e, what);
        } catch (SqlRuntimeException e) {
            rollbackQuietly(c);
            throw translate(e.getCause(), what);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException ignored) {
            // the connection reports the original failure; a failed rollback leaves SQLite to undo on next use
        }
    }

    private Connection connect(int busyTimeoutMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(busyTimeoutMillis);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    private void migrate() throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute(BEGIN_WRITE);
            s.execute("CREATE TABLE IF NOT EXISTS lake_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            var rs = s.executeQuery("SELECT value FROM lake_meta WHERE key = 'schema_version'");
            if (rs.next()) {
                int version = Integer.parseInt(rs.getString(1));
                rs.close();
                if (version != SCHEMA_VERSION) {
                    throw new CorruptLakeException("lake at " + file.getParent() + " has schema version " + version
                            + ", this LakeSink reads version " + SCHEMA_VERSION + ": use the matching LakeSink version",
                            null);
                }
                ensureLakeId(s);
                s.execute("COMMIT");
                return;
            }
            rs.close();
            s.execute("""
                    CREATE TABLE repositories (name TEXT PRIMARY KEY, default_branch TEXT NOT NULL,
                      created_ms INTEGER NOT NULL)""");
            s.execute("""
                    CREATE TABLE branches (repo TEXT NOT NULL, name TEXT NOT NULL, commit_id TEXT NOT NULL,
                      PRIMARY KEY (repo, name)) WITHOUT ROWID""");
            s.execute("""
                    CREATE TABLE commits (repo TEXT NOT NULL, id TEXT NOT NULL, parents TEXT NOT NULL,
                      message TEXT NOT NULL, committer TEXT NOT NULL, metadata TEXT NOT NULL,
                      created_ms INTEGER NOT NULL, meta_range_id TEXT NOT NULL, generation INTEGER NOT NULL,
                      PRIMARY KEY (repo, id)) WITHOUT ROWID""");
            s.execute("""
                    CREATE TABLE staging (repo TEXT NOT NULL, branch TEXT NOT NULL, path TEXT NOT NULL,
                      entry BLOB, PRIMARY KEY (repo, branch, path)) WITHOUT ROWID""");
            s.execute("""
                    CREATE TABLE ranges (repo TEXT NOT NULL, id TEXT NOT NULL, data BLOB NOT NULL,
                      PRIMARY KEY (repo, id)) WITHOUT ROWID""");
            s.execute("""
                    CREATE TABLE meta_ranges (repo TEXT NOT NULL, id TEXT NOT NULL, data BLOB NOT NULL,
                      PRIMARY KEY (repo, id)) WITHOUT ROWID""");
            s.execute("""
                    CREATE TABLE unlinked_addresses (repo TEXT NOT NULL, address TEXT NOT NULL,
                      issued_ms INTEGER NOT NULL, PRIMARY KEY (repo, address)) WITHOUT ROWID""");
            s.execute("INSERT INTO lake_meta (key, value) VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
            ensureLakeId(s);
            s.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(writer);
            throw e;
        }
    }

    /**
     * Gives the lake its identity once: a random id that a copy of the directory keeps and a new lake at the same
     * path does not have. Lakes made before the id existed get one on their next open (same schema version: older
     * LakeSink versions ignore the row).
     */
    private static void ensureLakeId(Statement s) throws SQLException {
        s.execute("INSERT OR IGNORE INTO lake_meta (key, value) VALUES ('" + LAKE_ID + "', '"
                + java.util.UUID.randomUUID() + "')");
    }

    /** The id {@link #ensureLakeId} gave this lake. */
    String lakeId() {
        return read("read the lake's id", c -> {
            try (Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT value FROM lake_meta WHERE key = '" + LAKE_ID + "'")) {
                if (!rs.next()) {
                    throw new CorruptLakeException("the lake database " + file + " has no lake id", null);
                }
                return rs.getString(1);
            }
        });
    }

    /** SQLite's failure as the lake's typed error: busy or I/O trouble may pass, a damaged file will not. */
    LakeException translate(SQLException e, String what) {
        SQLiteErrorCode code = e instanceof SQLiteException se ? se.getResultCode() : null;
        int primary = code == null ? -1 : code.code & 0xff;
        return switch (primary) {
            case 5, 6 -> new LakeUnavailableException("the lake database " + file + " is locked by another writer"
                    + " (could not " + what + "); the call can be retried", e);
            case 8, 10, 13, 14, 15 -> new LakeUnavailableException("could not " + what + ": the lake database " + file
                    + " cannot be written (" + e.getMessage() + "); check the disk and the directory's permissions", e);
            case 11, 26 -> new CorruptLakeException("could not " + what + ": " + file + " is not a LakeSink lake"
                    + " database or is damaged (" + e.getMessage() + ")", e);
            default -> new LakeUnavailableException("could not " + what + " in the lake database " + file + ": "
                    + e.getMessage(), e);
        };
    }

    @Override
    public void close() {
        closeQuietly(writer);
        Connection c;
        while ((c = readers.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing during shutdown: nothing left to protect
            }
        }
    }
}
