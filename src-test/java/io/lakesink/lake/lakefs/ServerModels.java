package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.model.Diff;
import io.lakefs.clients.sdk.model.Pagination;
import io.lakefs.clients.sdk.model.Ref;
import io.lakesink.lake.Branch;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Page;
import io.lakesink.lake.Repository;

import java.util.ArrayList;

/** The test server's answers: the embedded lake's records as the SDK's models, as lakeFS fills them. */
final class ServerModels {
    private final LocalBlockstore blockstore;

    ServerModels(LocalBlockstore blockstore) {
        this.blockstore = blockstore;
    }

    io.lakefs.clients.sdk.model.Repository repository(Repository r, String storageNamespace) {
        return new io.lakefs.clients.sdk.model.Repository().id(r.name()).defaultBranch(r.defaultBranch())
                .storageNamespace(storageNamespace).creationDate(r.creationDate().getEpochSecond()).readOnly(false);
    }

    Ref ref(Branch b) {
        return new Ref().id(b.name()).commitId(b.commitId());
    }

    io.lakefs.clients.sdk.model.Commit commit(Commit c) {
        return new io.lakefs.clients.sdk.model.Commit().id(c.id()).parents(new ArrayList<>(c.parents()))
                .committer(c.committer()).message(c.message()).creationDate(c.creationDate().getEpochSecond())
                .metaRangeId(c.metaRangeId()).metadata(new java.util.HashMap<>(c.metadata()))
                .generation(c.generation()).version(1);
    }

    io.lakefs.clients.sdk.model.ObjectStats objectStats(ObjectStats s) {
        return new io.lakefs.clients.sdk.model.ObjectStats().path(s.path())
                .pathType(io.lakefs.clients.sdk.model.ObjectStats.PathTypeEnum.OBJECT)
                .physicalAddress(blockstore.toLocal(s.physicalAddress())).checksum(s.checksum())
                .sizeBytes(s.sizeBytes()).mtime(s.mtime().getEpochSecond())
                .metadata(new java.util.HashMap<>(s.userMetadata()))
                .contentType(s.contentType() == null ? "application/octet-stream" : s.contentType());
    }

    Diff diff(Change c) {
        Diff.TypeEnum type = switch (c.type()) {
            case ADDED -> Diff.TypeEnum.ADDED;
            case REMOVED -> Diff.TypeEnum.REMOVED;
            case CHANGED -> Diff.TypeEnum.CHANGED;
        };
        return new Diff().type(type).path(c.path()).pathType(Diff.PathTypeEnum.OBJECT).sizeBytes(c.sizeBytes());
    }

    /** lakeFS's pagination: {@code next_offset} is the last key of the page when there is more. */
    static Pagination pagination(Page<?> page, int amount) {
        return new Pagination().hasMore(page.hasMore()).nextOffset(page.hasMore() ? page.nextOffset() : "")
                .results(page.items().size()).maxPerPage(amount);
    }
}
