package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.CommitList;
import io.lakefs.clients.sdk.model.DiffList;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.Page;
import io.lakesink.lake.PageRequest;
import io.lakesink.lake.embedded.EmbeddedLake;

import java.util.Map;

/** Commits, log and diff ({@link MergeRoutes} has merge and revert). */
final class HistoryRoutes {
    private final EmbeddedLake lake;
    private final ServerModels models;

    HistoryRoutes(EmbeddedLake lake, ServerModels models) {
        this.lake = lake;
        this.models = models;
    }

    void register(Router r) {
        r.add("POST", "/repositories/{repository}/branches/{branch}/commits", this::commit);
        r.add("GET", "/repositories/{repository}/commits/{commitId}",
                ex -> ex.json(200, models.commit(lake.getCommit(ex.path("repository"), ex.path("commitId")))));
        r.add("GET", "/repositories/{repository}/refs/{ref}/commits", this::log);
        r.add("GET", "/repositories/{repository}/refs/{leftRef}/diff/{rightRef}", this::diffRefs);
        r.add("GET", "/repositories/{repository}/branches/{branch}/diff", this::diffBranch);
    }

    /**
     * lakeFS refuses a commit that changes nothing unless allow_empty is set: {@code ErrNoChanges} from the committed
     * manager, wrapped as "commit: ..." by {@code Graveler.Commit} ({@code pkg/graveler/graveler.go}), a 400 in
     * {@code handleAPIErrorCallback} ({@code pkg/api/controller.go}).
     */
    private void commit(ApiExchange ex) {
        CommitCreation creation = ModelJson.read(ex.bodyText(), CommitCreation.class);
        if (ex.query("source_metarange") != null || creation.getDate() != null) {
            throw new ProtocolViolation("commits from a metarange or with a set date are not served by this test server");
        }
        Map<String, String> metadata = creation.getMetadata() == null ? Map.of() : creation.getMetadata();
        Commit c;
        try {
            c = lake.commit(ex.path("repository"), ex.path("branch"), new CommitRequest(creation.getMessage(),
                    metadata, Boolean.TRUE.equals(creation.getAllowEmpty())));
        } catch (LakeInvalidArgumentException e) {
            if (EmbeddedRefusals.isNoChanges(e)) {
                throw new LakeFsApiError(400, "commit: no changes");
            }
            throw e;
        }
        ex.json(201, models.commit(c));
    }

    private void log(ApiExchange ex) {
        for (String unsupported : new String[] {"objects", "prefixes", "limit", "first_parent", "since", "stop_at"}) {
            if (ex.query(unsupported) != null) {
                throw new ProtocolViolation("log with '" + unsupported + "' is not served by this test server");
            }
        }
        PageRequest page = Paging.of(ex);
        Page<Commit> p = lake.log(ex.path("repository"), ex.path("ref"), page);
        ex.json(200, new CommitList().results(p.items().stream().map(models::commit).toList())
                .pagination(ServerModels.pagination(p, page.amount())));
    }

    /** lakeFS's default diff is three_dot: the right side's changes since the merge base of both sides. */
    private void diffRefs(ApiExchange ex) {
        String repo = ex.path("repository");
        String type = ex.query("type") == null ? "three_dot" : ex.query("type");
        String left = switch (type) {
            case "two_dot" -> ex.path("leftRef");
            case "three_dot" -> lake.findMergeBase(repo, ex.path("leftRef"), ex.path("rightRef")).id();
            default -> throw new ProtocolViolation("diff type must be two_dot or three_dot, got '" + type + "'");
        };
        requireNoDelimiter(ex);
        PageRequest page = Paging.of(ex);
        diffList(ex, lake.diff(repo, left, ex.path("rightRef"), ex.query("prefix"), page), page);
    }

    private void diffBranch(ApiExchange ex) {
        requireNoDelimiter(ex);
        PageRequest page = Paging.of(ex);
        diffList(ex, lake.diffUncommitted(ex.path("repository"), ex.path("branch"), ex.query("prefix"), page), page);
    }

    private void diffList(ApiExchange ex, Page<Change> p, PageRequest page) {
        ex.json(200, new DiffList().results(p.items().stream().map(models::diff).toList())
                .pagination(ServerModels.pagination(p, page.amount())));
    }

    private static void requireNoDelimiter(ApiExchange ex) {
        if (ex.query("delimiter") != null && !ex.query("delimiter").isEmpty()) {
            throw new ProtocolViolation("diff with a delimiter is not served by this test server");
        }
    }
}
