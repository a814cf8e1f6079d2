package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.model.FindMergeBaseResult;
import io.lakefs.clients.sdk.model.Merge;
import io.lakefs.clients.sdk.model.MergeResult;
import io.lakefs.clients.sdk.model.RevertCreation;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.MergeStrategy;
import io.lakesink.lake.PageRequest;
import io.lakesink.lake.RevertRequest;
import io.lakesink.lake.embedded.EmbeddedLake;

import java.util.Map;

/**
 * Merge, merge base and revert, refused where and as lakeFS 1.53.1 refuses them. The embedded lake does the work;
 * lakeFS's checks run first, in lakeFS's order, because the embedded lake's differ: it calls a dirty branch a
 * conflict, a merge whose result the destination already holds "no changes", and a revert of a merge without a
 * parent number an invalid argument.
 */
final class MergeRoutes {
    /** {@code graveler.ErrDirtyBranch} as {@code prepareForCommitIDUpdate} returns it, unwrapped. */
    static final String DIRTY_BRANCH = "uncommitted changes (dirty branch)";

    private final EmbeddedLake lake;

    MergeRoutes(EmbeddedLake lake) {
        this.lake = lake;
    }

    void register(Router r) {
        r.add("POST", "/repositories/{repository}/refs/{sourceRef}/merge/{destinationBranch}", this::merge);
        r.add("GET", "/repositories/{repository}/refs/{sourceRef}/merge/{destinationBranch}", this::mergeBase);
        r.add("POST", "/repositories/{repository}/branches/{branch}/revert", this::revert);
    }

    /**
     * {@code Graveler.Merge} ({@code pkg/graveler/graveler.go}): a destination with uncommitted changes is 400
     * "uncommitted changes (dirty branch)" ({@code prepareForCommitIDUpdate}); a source whose tree is the merge base's
     * is 400 "update branch &lt;destination&gt;: no changes" unless allow_empty ({@code committedManager.Merge} in
     * {@code pkg/graveler/committed/manager.go}; the error is wrapped by the branch update). lakeFS does not ask
     * whether the destination already holds the source's changes: it makes the merge commit, so the embedded lake is
     * asked with allow-empty. A conflict is 409 with the MergeResult body and an empty reference, no message
     * ({@code MergeIntoBranch} in {@code pkg/api/controller.go}). The merge body is optional in the API.
     */
    private void merge(ApiExchange ex) {
        String body = ex.bodyText();
        Merge merge = body.isBlank() ? new Merge() : ModelJson.read(body, Merge.class);
        if (Boolean.TRUE.equals(merge.getSquashMerge())) {
            throw new ProtocolViolation("squash merges are not served by this test server");
        }
        String repo = ex.path("repository");
        String source = ex.path("sourceRef");
        String destination = ex.path("destinationBranch");
        lake.getBranch(repo, destination); // an unknown destination is 404
        requireClean(repo, destination);
        Commit sourceCommit = lake.getCommit(repo, source);
        Commit base = lake.findMergeBase(repo, source, destination);
        if (sourceCommit.metaRangeId().equals(base.metaRangeId()) && !Boolean.TRUE.equals(merge.getAllowEmpty())) {
            throw new LakeFsApiError(400, "update branch " + destination + ": no changes");
        }
        MergeRequest request = new MergeRequest(merge.getMessage(), merge.getMetadata(),
                MergeStrategy.fromApiName(merge.getStrategy()), true);
        Commit c;
        try {
            c = lake.merge(repo, source, destination, request);
        } catch (LakeConflictException e) {
            throw lakeFsAnswer(e, new LakeFsApiError(409, "conflict found", new MergeResult().reference("")));
        }
        ex.json(200, new MergeResult().reference(c.id()));
    }

    private void mergeBase(ApiExchange ex) {
        String repo = ex.path("repository");
        Commit source = lake.getCommit(repo, ex.path("sourceRef"));
        Commit destination = lake.getCommit(repo, ex.path("destinationBranch"));
        Commit base = lake.findMergeBase(repo, ex.path("sourceRef"), ex.path("destinationBranch"));
        ex.json(200, new FindMergeBaseResult().sourceCommitId(source.id()).destinationCommitId(destination.id())
                .baseCommitId(base.id()));
    }

    /**
     * {@code Graveler.Revert} ({@code pkg/graveler/graveler.go}), in its order: a merge commit without a parent number
     * is 409 "must specify 1-based parent number for reverting merge commit" ({@code ErrRevertMergeNoParent}, a
     * conflict in {@code handleAPIErrorCallback}); a parent number past the commit's parents is 400 "given commit does
     * not have the given parent number: parent N"; a branch with uncommitted changes is 400 "uncommitted changes
     * (dirty branch)"; a conflict with later changes is 409 "update branch: conflict found"; nothing to undo is 400
     * "update branch: no changes". lakeFS answers a revert with 204 and no body.
     */
    private void revert(ApiExchange ex) {
        RevertCreation revert = ModelJson.read(ex.bodyText(), RevertCreation.class);
        String repo = ex.path("repository");
        String branch = ex.path("branch");
        int parent = revert.getParentNumber() == null ? 0 : revert.getParentNumber();
        Commit target = lake.getCommit(repo, revert.getRef());
        if (target.parents().size() > 1 && parent <= 0) {
            throw new LakeFsApiError(409, "must specify 1-based parent number for reverting merge commit");
        }
        if (parent > target.parents().size()) {
            throw new LakeFsApiError(400, "given commit does not have the given parent number: parent " + parent);
        }
        requireClean(repo, branch);
        String message = revert.getCommitOverrides() == null ? null : revert.getCommitOverrides().getMessage();
        Map<String, String> metadata = revert.getCommitOverrides() == null ? Map.of()
                : revert.getCommitOverrides().getMetadata();
        try {
            lake.revert(repo, branch, new RevertRequest(revert.getRef(), parent, message, metadata,
                    Boolean.TRUE.equals(revert.getAllowEmpty())));
        } catch (LakeConflictException e) {
            throw lakeFsAnswer(e, new LakeFsApiError(409, "update branch: conflict found"));
        } catch (LakeInvalidArgumentException e) {
            throw EmbeddedRefusals.isNoChanges(e) ? new LakeFsApiError(400, "update branch: no changes") : e;
        }
        ex.noContent();
    }

    /** lakeFS's dirty check ({@code isUncommittedEmpty}): any difference between the staging area and the head. */
    private void requireClean(String repo, String branch) {
        if (!lake.diffUncommitted(repo, branch, "", PageRequest.first(1)).items().isEmpty()) {
            throw new LakeFsApiError(400, DIRTY_BRANCH);
        }
    }

    /** A conflict on paths is {@code pathConflict}; a change staged since the check above is lakeFS's dirty branch. */
    private static RuntimeException lakeFsAnswer(LakeConflictException e, LakeFsApiError pathConflict) {
        if (EmbeddedRefusals.isPathConflict(e)) {
            return pathConflict;
        }
        return EmbeddedRefusals.isDirtyBranch(e) ? new LakeFsApiError(400, DIRTY_BRANCH) : e;
    }
}
