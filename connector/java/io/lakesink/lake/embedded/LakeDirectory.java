package io.lakesink.lake.embedded;

import io.lakesink.lake.LakeIntegrityException;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LakeUnavailableException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory of an embedded lake before its database is trusted: that it is a directory that can be created,
 * and that its objects belong to repositories its database knows. A database that is missing or does not know the
 * objects' repositories was lost or replaced; opening it anyway would start a new history over the old data.
 */
final class LakeDirectory {
    private final Path root;
    private final String databaseFile;
    private final String objectsDir;

    LakeDirectory(Path root, String databaseFile, String objectsDir) {
        this.root = root;
        this.databaseFile = databaseFile;
        this.objectsDir = objectsDir;
    }

    /** Checks the directory, creates it where allowed, and returns its real path. */
    Path prepare(boolean createIfMissing) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new LakeInvalidArgumentException("embedded lake path " + root + " is a file, not a directory");
        }
        if (!Files.isRegularFile(root.resolve(databaseFile))) {
            refuse(objectFiles().repositoriesWithFiles(), "is missing");
            if (!createIfMissing) {
                throw new LakeNotFoundException("no embedded lake at " + root + " (no " + databaseFile + " there):"
                        + " check the path, or allow creating a new lake");
            }
        }
        create();
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new LakeUnavailableException("cannot resolve the embedded lake directory " + root + ": " + e, e);
        }
    }

    /** Refuses objects of repositories the opened database does not list. */
    void refuseObjectsOfUnknownRepositories(List<String> known) {
        List<String> unknown = new ArrayList<>(objectFiles().repositoriesWithFiles());
        unknown.removeAll(known);
        refuse(unknown, "does not know them");
    }

    private ObjectFiles objectFiles() {
        return new ObjectFiles(root.resolve(objectsDir));
    }

    private void refuse(List<String> repositories, String databaseState) {
        if (repositories.isEmpty()) {
            return;
        }
        throw new LakeIntegrityException("the embedded lake at " + root + " holds objects of repositories "
                + repositories + " under " + objectsDir + "/, but its database " + databaseFile + " "
                + databaseState + ": opening it would start a new history over that data and lose the old one."
                + " Restore " + databaseFile + " (with its -wal file, if any) from a backup; or, if this directory is"
                + " to hold a new lake on purpose, move " + objectsDir + "/" + repositories.get(0)
                + " (and the others) away, or point the lake at an empty directory");
    }

    private void create() {
        try {
            Files.createDirectories(root.resolve(objectsDir));
        } catch (IOException e) {
            String reason = e instanceof FileAlreadyExistsException
                    ? e.getMessage() + " exists and is not a directory"
                    : e instanceof FileSystemException fs && fs.getReason() != null
                    ? fs.getFile() + ": " + fs.getReason() : e.toString();
            // a full disk may clear up; a path that is a file, too long, read-only or forbidden stays so
            if (reason.contains("No space left") || reason.contains("quota")) {
                throw new LakeUnavailableException("cannot create the embedded lake directory " + root + " (" + reason
                        + "); free some space", e);
            }
            throw new LakeInvalidArgumentException("cannot create the embedded lake directory " + root + " ("
                    + reason + "): choose a path the worker can create, or create it beforehand", e);
        }
    }
}
