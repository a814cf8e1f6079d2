package io.lakesink.lake.lakefs;

import io.lakesink.lake.Change;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.embedded.EmbeddedLake;

import java.util.ArrayList;
import java.util.List;

/**
 * A branch's uncommitted changes, taken off and staged again: how the server moves a dirty branch as lakeFS 1.53.1's
 * hard reset does (the staged changes stay staged, on top of the new head) over an embedded lake that refuses to
 * move a dirty branch.
 */
final class StagedChanges {
    private final List<ObjectStats> written;
    private final List<String> removed;

    private StagedChanges(List<ObjectStats> written, List<String> removed) {
        this.written = written;
        this.removed = removed;
    }

    /** Reads the branch's uncommitted changes and discards them from the branch. */
    static StagedChanges takeOff(EmbeddedLake lake, String repository, String branch) {
        List<ObjectStats> written = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Change c : Pages.all(page -> lake.diffUncommitted(repository, branch, "", page))) {
            if (c.type() == Change.Type.REMOVED) {
                removed.add(c.path());
            } else {
                written.add(lake.statObject(repository, branch, c.path()));
            }
        }
        if (!written.isEmpty() || !removed.isEmpty()) {
            lake.resetUncommitted(repository, branch);
        }
        return new StagedChanges(written, removed);
    }

    /** Stages the changes again on the branch, wherever its head now is. */
    void putBack(EmbeddedLake lake, String repository, String branch) {
        List<LinkRequest> links = written.stream().map(s -> new LinkRequest(s.path(), s.physicalAddress(),
                s.sizeBytes(), s.checksum(), s.contentType(), s.userMetadata(), false)).toList();
        if (!links.isEmpty()) {
            lake.linkPhysicalAddresses(repository, branch, links);
        }
        for (String path : removed) {
            try {
                lake.deleteObject(repository, branch, path);
            } catch (LakeNotFoundException absentAtTheNewHead) {
                // a staged removal of a path the new head does not hold changes nothing
            }
        }
    }
}
