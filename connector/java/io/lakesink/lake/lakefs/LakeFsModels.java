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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Converts the SDK's generated models into the lake's records. */
final class LakeFsModels {
    private LakeFsModels() {
    }

    static Repository repository(io.lakefs.clients.sdk.model.Repository r) {
        return new Repository(r.getId(), r.getDefaultBranch(), r.getStorageNamespace(), seconds(r.getCreationDate()));
    }

    static Branch branch(Ref ref) {
        return new Branch(ref.getId(), ref.getCommitId());
    }

    static Commit commit(io.lakefs.clients.sdk.model.Commit c) {
        return new Commit(c.getId(), c.getParents() == null ? List.of() : c.getParents(), c.getMessage(),
                c.getCommitter(), c.getMetadata() == null ? Map.of() : c.getMetadata(), seconds(c.getCreationDate()),
                c.getMetaRangeId(), c.getGeneration() == null ? 0 : c.getGeneration());
    }

    static ObjectStats objectStats(io.lakefs.clients.sdk.model.ObjectStats s) {
        return new ObjectStats(s.getPath(), s.getPhysicalAddress(), s.getChecksum(),
                s.getSizeBytes() == null ? 0 : s.getSizeBytes(), seconds(s.getMtime()), s.getContentType(),
                s.getMetadata());
    }

    /** A diff entry; lakeFS's {@code conflict} and {@code prefix_changed} never occur without a delimiter or merge preview. */
    static Change change(Diff d) {
        long size = d.getSizeBytes() == null ? 0 : d.getSizeBytes();
        Change.Type type = switch (d.getType()) {
            case ADDED -> Change.Type.ADDED;
            case REMOVED -> Change.Type.REMOVED;
            case CHANGED, CONFLICT, PREFIX_CHANGED -> Change.Type.CHANGED;
        };
        return new Change(type, d.getPath(), size);
    }

    /** One page of results; lakeFS's {@code next_offset} is the {@code after} of the next request, as in {@link Page}. */
    static <S, T> Page<T> page(List<S> results, Pagination pagination, Function<S, T> convert) {
        List<T> items = results == null ? List.of() : results.stream().map(convert).toList();
        boolean more = pagination != null && Boolean.TRUE.equals(pagination.getHasMore());
        return new Page<>(items, more, more ? pagination.getNextOffset() : "");
    }

    private static Instant seconds(Long epochSeconds) {
        return epochSeconds == null ? Instant.EPOCH : Instant.ofEpochSecond(epochSeconds);
    }
}
