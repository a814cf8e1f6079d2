package io.lakesink.check;

import io.lakesink.lake.Change;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last Parquet file in path order under a directory of main (a topic's, for the schema check), remembered from
 * one check run to the next: once main's head has been listed, a later head is followed by the diff between the two
 * heads, which holds what was merged since, so the cost follows the new data rather than main's size. Exact: when
 * the file it remembers is gone (a compaction rewrote it), the directory is listed again. One per publisher.
 */
public final class MainLastFiles {
    private record Seen(String mainCommitId, ObjectStats last) {
    }

    private final Map<String, Seen> byDirectory = new HashMap<>();

    /** The last Parquet file under {@code directory} (ending in '/') at main's commit {@code mainCommitId}. */
    synchronized Optional<ObjectStats> last(VersionedLake lake, String repository, String mainCommitId,
                                            String directory) {
        String key = repository + '\n' + directory;
        Seen seen = byDirectory.get(key);
        ObjectStats last;
        if (seen != null && seen.mainCommitId().equals(mainCommitId)) {
            last = seen.last();
        } else if (seen != null) {
            last = followed(lake, repository, seen, mainCommitId, directory);
        } else {
            last = listed(lake, repository, mainCommitId, directory);
        }
        byDirectory.put(key, new Seen(mainCommitId, last));
        return Optional.ofNullable(last);
    }

    private static ObjectStats listed(VersionedLake lake, String repository, String mainCommitId, String directory) {
        List<ObjectStats> all = Pages.all(p -> lake.listObjects(repository, mainCommitId, directory, p));
        ObjectStats last = null;
        for (ObjectStats o : all) {
            if (o.path().endsWith(".parquet")) {
                last = o;
            }
        }
        return last;
    }

    private static ObjectStats followed(VersionedLake lake, String repository, Seen seen, String mainCommitId,
                                        String directory) {
        List<Change> changes;
        try {
            changes = Pages.all(p -> lake.diff(repository, seen.mainCommitId(), mainCommitId, directory, p));
        } catch (LakeNotFoundException gone) {
            return listed(lake, repository, mainCommitId, directory);
        }
        String was = seen.last() == null ? null : seen.last().path();
        String last = was;
        boolean rewritten = false;
        for (Change change : changes) {
            if (!change.path().endsWith(".parquet")) {
                continue;
            }
            if (change.path().equals(was)) {
                if (change.type() == Change.Type.REMOVED) {
                    return listed(lake, repository, mainCommitId, directory);
                }
                rewritten = true;
            } else if (change.type() != Change.Type.REMOVED && (last == null || after(change.path(), last))) {
                last = change.path();
            }
        }
        if (last == null) {
            return null;
        }
        return last.equals(was) && !rewritten ? seen.last() : lake.statObject(repository, mainCommitId, last);
    }

    /** The lake's path order: by Unicode code point. */
    private static boolean after(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()) > 0;
    }
}
