package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.CommitOverrides;
import io.lakefs.clients.sdk.model.Config;
import io.lakefs.clients.sdk.model.Merge;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakefs.clients.sdk.model.ResetCreation;
import io.lakefs.clients.sdk.model.RevertCreation;
import io.lakefs.clients.sdk.model.StagingLocation;
import io.lakefs.clients.sdk.model.StagingMetadata;
import io.lakefs.clients.sdk.model.StorageConfig;
import io.lakesink.lake.Branch;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeBranchMovedException;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNames;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Page;
import io.lakesink.lake.PageRequest;
import io.lakesink.lake.Pages;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.Repository;
import io.lakesink.lake.RevertRequest;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLake;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lake on a lakeFS server, over its REST API with the official Java SDK ({@code io.lakefs:sdk}).
 *
 * <p>Where lakeFS and the lake interface differ, this class bridges: names are checked here with lakeFS's own
 * rules so that errors read the same as on the embedded backend; deleting a missing object is "not found" (lakeFS
 * answers 204); a branch with uncommitted changes is a conflict (lakeFS answers 400); a 409 merge or revert names
 * its conflicting paths (worked out by {@link ConflictFinder}, lakeFS names none). Idempotent calls are retried
 * on 429/5xx/time-outs; a commit is retried only as {@link CommitGuard} allows; merges and reverts are never
 * retried here, because lakeFS cannot tell a repeated one from a new one.
 *
 * <p>Unlinked physical addresses are not tracked: lakeFS offers clients no such API, and its garbage collector
 * (the GC job over uncommitted objects) removes bytes that were written but never linked. Hence
 * {@link #countUnlinkedPhysicalAddresses} and {@link #collectUnlinkedPhysicalAddresses} return 0.
 */
public final class LakeFsLake implements VersionedLake {
    private static final java.util.regex.Pattern COMMIT_ID = java.util.regex.Pattern.compile("^[0-9a-f]{40,64}$");
    private final LakeFsSettings settings;
    private final LakeFsClients api;
    private final LakeFsCalls calls;
    private final PhysicalWriter writer;
    private final ObjectStreams streams;
    private final CommitGuard commitGuard;
    private volatile StorageConfig storageConfig;

    private LakeFsLake(LakeFsSettings settings) {
        this.settings = settings;
        this.api = new LakeFsClients(settings);
        this.calls = new LakeFsCalls(new LakeFsErrors(settings.endpoint(), settings.accessKeyId()),
                settings.maxAttempts(), settings.initialBackoff());
        this.writer = new PhysicalWriter(api.objectStoreHttp, settings.localBlockstoreRoot());
        this.streams = new ObjectStreams(api.lakeFsHttp, settings.endpoint(), api.objects);
        this.commitGuard = new CommitGuard(calls);
    }

    /** A lake on the lakeFS server of {@code settings}; nothing is sent until the first call. */
    public static LakeFsLake open(LakeFsSettings settings) {
        return new LakeFsLake(settings);
    }

    public LakeFsSettings settings() {
        return settings;
    }

    // --- repositories -------------------------------------------------------------------------------

    @Override
    public Repository createRepository(String name, String defaultBranch) {
        LakeNames.repository(name);
        LakeNames.branch(defaultBranch);
        RepositoryCreation creation = new RepositoryCreation().name(name).defaultBranch(defaultBranch)
                .storageNamespace(namespaceFor(name));
        return LakeFsModels.repository(calls.once("create repository '" + name + "'",
                () -> api.repositories.createRepository(creation).execute()));
    }

    @Override
    public Repository getRepository(String name) {
        LakeNames.repository(name);
        return LakeFsModels.repository(calls.idempotent("read repository '" + name + "'",
                () -> api.repositories.getRepository(name).execute()));
    }

    @Override
    public List<Repository> listRepositories() {
        return Pages.all(page -> calls.idempotent("list repositories", () -> {
            var list = api.repositories.listRepositories().after(afterOrNull(page)).amount(page.amount()).execute();
            return LakeFsModels.page(list.getResults(), list.getPagination(), LakeFsModels::repository);
        }));
    }

    @Override
    public void deleteRepository(String name) {
        LakeNames.repository(name);
        calls.once("delete repository '" + name + "'", () -> {
            api.repositories.deleteRepository(name).execute();
            return null;
        });
    }

    // --- branches -----------------------------------------------------------------------------------

    @Override
    public Branch createBranch(String repository, String branch, String sourceRef) {
        LakeNames.branch(branch);
        String commitId = calls.once("create branch '" + branch + "' from '" + sourceRef + "'",
                () -> api.branches.createBranch(repository, new BranchCreation().name(branch).source(sourceRef))
                        .execute());
        return new Branch(branch, unquote(commitId));
    }

    @Override
    public Branch getBranch(String repository, String branch) {
        LakeNames.branch(branch);
        return LakeFsModels.branch(calls.idempotent("read branch '" + branch + "'",
                () -> api.branches.getBranch(repository, branch).execute()));
    }

    @Override
    public Page<Branch> listBranches(String repository, PageRequest page) {
        return calls.idempotent("list branches", () -> {
            var list = api.branches.listBranches(repository).after(afterOrNull(page)).amount(page.amount()).execute();
            return LakeFsModels.page(list.getResults(), list.getPagination(), LakeFsModels::branch);
        });
    }

    @Override
    public void deleteBranch(String repository, String branch) {
        LakeNames.branch(branch);
        calls.once("delete branch '" + branch + "'", () -> {
            api.branches.deleteBranch(repository, branch).execute();
            return null;
        });
    }

    // --- objects ------------------------------------------------------------------------------------

    @Override
    public ObjectStats putObject(String repository, String branch, String path, InputStream content,
                                 String contentType) {
        LakeNames.path(path);
        LakeNames.branch(branch);
        // the body is a one-shot stream: sent once, never retried here
        return LakeFsModels.objectStats(calls.once("upload '" + path + "' to branch '" + branch + "'",
                () -> streams.upload(repository, branch, path, content, contentType)));
    }

    @Override
    public InputStream getObject(String repository, String ref, String path) {
        LakeNames.path(path);
        return calls.idempotent("read '" + path + "' at '" + ref + "'", () -> streams.download(repository, ref, path));
    }

    @Override
    public ObjectStats statObject(String repository, String ref, String path) {
        LakeNames.path(path);
        return LakeFsModels.objectStats(calls.idempotent("stat '" + path + "' at '" + ref + "'",
                () -> api.objects.statObject(repository, ref, path).userMetadata(true).execute()));
    }

    @Override
    public void deleteObject(String repository, String branch, String path) {
        LakeNames.path(path);
        LakeNames.branch(branch);
        // lakeFS answers 204 for a missing object too; the interface says "not found", so look first
        statObject(repository, branch, path);
        calls.idempotent("delete '" + path + "' on branch '" + branch + "'", () -> {
            api.objects.deleteObject(repository, branch, path).execute();
            return null;
        });
    }

    @Override
    public Page<ObjectStats> listObjects(String repository, String ref, String prefix, PageRequest page) {
        String p = LakeNames.prefix(prefix);
        return calls.idempotent("list objects at '" + ref + "'", () -> {
            var list = api.objects.listObjects(repository, ref).prefix(p.isEmpty() ? null : p)
                    .after(afterOrNull(page)).amount(page.amount()).userMetadata(true).execute();
            return LakeFsModels.page(list.getResults(), list.getPagination(), LakeFsModels::objectStats);
        });
    }

    // --- write now, link later ----------------------------------------------------------------------

    @Override
    public PhysicalAddress getPhysicalAddress(String repository, String branch, String path) {
        LakeNames.path(path);
        LakeNames.branch(branch);
        Boolean presign = presignSupported() ? Boolean.TRUE : null;
        Instant askedAt = Instant.now();
        StagingLocation location = calls.idempotent("get a physical address for '" + path + "'",
                () -> api.staging.getPhysicalAddress(repository, branch, path).presign(presign).execute());
        Long expiry = location.getPresignedUrlExpiry();
        // lakeFS links an address for 6 h after handing it out (read from the address itself when it is signed; else
        // from when it was asked for, which is no later); a presigned URL may expire sooner
        Instant issued = LinkAddresses.issuedAt(location.getPhysicalAddress());
        Instant linkDeadline = LinkAddresses.linkDeadline(issued != null ? issued : askedAt);
        Instant expiresAt = expiry != null && expiry > 0 && Instant.ofEpochSecond(expiry).isBefore(linkDeadline)
                ? Instant.ofEpochSecond(expiry) : linkDeadline;
        return new PhysicalAddress(location.getPhysicalAddress(), location.getPresignedUrl(), expiresAt);
    }

    @Override
    public UploadedObject writePhysical(String repository, PhysicalAddress address, InputStream content) {
        return writer.write(address, content);
    }

    @Override
    public ObjectStats linkPhysicalAddress(String repository, String branch, LinkRequest link) {
        LakeNames.path(link.path());
        LakeNames.branch(branch);
        StagingMetadata metadata = new StagingMetadata()
                .staging(new StagingLocation().physicalAddress(link.physicalAddress()))
                .checksum(link.checksum()).sizeBytes(link.sizeBytes()).contentType(link.contentType())
                .userMetadata(link.userMetadata().isEmpty() ? null : link.userMetadata());
        String what = "link '" + link.path() + "' on branch '" + branch + "'";
        requireUnexpired(what, link.physicalAddress());
        ApiCall<io.lakefs.clients.sdk.model.ObjectStats> send = () -> api.staging
                .linkPhysicalAddress(repository, branch, link.path(), metadata)
                .ifNoneMatch(link.ifAbsent() ? "*" : null).execute();
        // linking the same address to the same path twice stages the same entry; "only if absent" would refuse the
        // repetition of its own success, so it is sent once and a 412 tells the caller the path is taken
        return LakeFsModels.objectStats(link.ifAbsent() ? calls.once(what, send) : calls.idempotent(what, send));
    }

    /**
     * An address lakeFS would refuse as expired is not sent: the link would fail anyway, and after a long wait (a slow
     * compaction, say) the caller learns why in lakeFS's terms. Its bytes are left to lakeFS's garbage collection.
     */
    private static void requireUnexpired(String what, String physicalAddress) {
        Instant issued = LinkAddresses.issuedAt(physicalAddress);
        Instant now = Instant.now();
        if (issued != null && now.isAfter(LinkAddresses.linkDeadline(issued))) {
            throw new LakeInvalidArgumentException("not sending the " + what + ": " + LinkAddresses.EXPIRED
                    + "; lakeFS handed out " + physicalAddress + " at " + issued + ", "
                    + Duration.between(issued, now).toMinutes() + " min ago");
        }
    }

    /**
     * lakeFS links one object per call, so a failure part-way leaves the earlier links staged; an expired address
     * among them fails the batch before the first call.
     */
    @Override
    public List<ObjectStats> linkPhysicalAddresses(String repository, String branch, List<LinkRequest> links) {
        links.forEach(l -> requireUnexpired("link '" + l.path() + "' on branch '" + branch + "'", l.physicalAddress()));
        List<ObjectStats> out = new ArrayList<>(links.size());
        for (LinkRequest link : links) {
            out.add(linkPhysicalAddress(repository, branch, link));
        }
        return out;
    }

    /** Always 0: lakeFS does not tell clients which handed-out addresses were never linked. */
    @Override
    public long countUnlinkedPhysicalAddresses(String repository) {
        return 0;
    }

    /** Always 0: lakeFS's garbage collection of uncommitted data removes unlinked bytes, not the client. */
    @Override
    public long collectUnlinkedPhysicalAddresses(String repository, Duration gracePeriod) {
        return 0;
    }

    // --- commits ------------------------------------------------------------------------------------

    @Override
    public Commit commit(String repository, String branch, CommitRequest request) {
        LakeNames.branch(branch);
        CommitCreation creation = new CommitCreation().message(request.message()).metadata(request.metadata())
                .allowEmpty(request.allowEmpty());
        String what = "commit on branch '" + branch + "'";
        String expected = request.expectedParent();
        if (expected != null) {
            requireHead(repository, branch, expected, what);
        }
        Commit made = commitGuard.commit(what, request,
                () -> LakeFsModels.commit(calls.once(what,
                        () -> api.commits.commit(repository, branch, creation).execute())),
                () -> log(repository, branch, PageRequest.first(CommitGuard.SEARCH_DEPTH)).items());
        // lakeFS commits whatever head the branch has when the commit runs: only the parent tells whether another
        // writer got in between the check above and the commit. The commit has happened then; the caller must stop.
        if (expected != null && !made.parents().isEmpty() && !expected.equals(made.parents().get(0))) {
            throw new LakeBranchMovedException(what, branch, expected, made.parents().get(0), made.id());
        }
        return made;
    }

    /** No uncommitted changes on the branch, or a conflict as lakeFS's own dirty-branch refusals become one. */
    private void requireClean(String repository, String branch, String what) {
        if (!diffUncommitted(repository, branch, "", PageRequest.first(1)).items().isEmpty()) {
            throw new LakeConflictException(what + ": the branch has uncommitted changes; commit or reset them first");
        }
    }

    private void requireHead(String repository, String branch, String expected, String what) {
        String head = getBranch(repository, branch).commitId();
        if (!expected.equals(head)) {
            throw new LakeBranchMovedException(what, branch, expected, head, null);
        }
    }

    /**
     * lakeFS's getCommit dereferences any ref (branch, id prefix, {@code ~N}, {@code ^N}). Some lakeFS versions echo
     * the ref as given in {@code id}; then the id is read from the first entry of the ref's log.
     */
    @Override
    public Commit getCommit(String repository, String ref) {
        Commit c = LakeFsModels.commit(calls.idempotent("read commit '" + ref + "'",
                () -> api.commits.getCommit(repository, ref).execute()));
        if (COMMIT_ID.matcher(c.id()).matches()) {
            return c;
        }
        List<Commit> head = log(repository, ref, PageRequest.first(1)).items();
        if (head.isEmpty()) {
            throw new LakeNotFoundException("ref '" + ref + "' has no commits in repository '" + repository + "'");
        }
        return head.get(0);
    }

    @Override
    public Page<Commit> log(String repository, String ref, PageRequest page) {
        return calls.idempotent("read the log of '" + ref + "'", () -> {
            var list = api.refs.logCommits(repository, ref).after(afterOrNull(page)).amount(page.amount()).execute();
            return LakeFsModels.page(list.getResults(), list.getPagination(), LakeFsModels::commit);
        });
    }

    @Override
    public Commit findMergeBase(String repository, String leftRef, String rightRef) {
        var result = calls.idempotent("find the merge base of '" + leftRef + "' and '" + rightRef + "'",
                () -> api.refs.findMergeBase(repository, leftRef, rightRef).execute());
        return getCommit(repository, result.getBaseCommitId());
    }

    // --- diff ---------------------------------------------------------------------------------------

    @Override
    public Page<Change> diff(String repository, String leftRef, String rightRef, String prefix, PageRequest page) {
        String p = LakeNames.prefix(prefix);
        return calls.idempotent("diff '" + leftRef + "' and '" + rightRef + "'", () -> {
            // two_dot compares the two refs as they are; lakeFS's default (three_dot) would compare with the merge base
            var list = api.refs.diffRefs(repository, leftRef, rightRef).type("two_dot").prefix(p.isEmpty() ? null : p)
                    .after(afterOrNull(page)).amount(page.amount()).execute();
            return LakeFsModels.page(list.getResults(), list.getPagination(), LakeFsModels::change);
        });
    }

    @Override
    public Page<Change> diffUncommitted(String repository, String branch, String prefix, PageRequest page) {
        LakeNames.branch(branch);
        String p = LakeNames.prefix(prefix);
        return calls.idempotent("diff uncommitted changes of '" + branch + "'", () -> {
            var list = api.branches.diffBranch(repository, branch).prefix(p.isEmpty() ? null : p)
                    .after(afterOrNull(page)).amount(page.amount()).execute();
            return LakeFsModels.page(list.getResults(), list.getPagination(), LakeFsModels::change);
        });
    }

    // --- merge, revert, reset -----------------------------------------------------------------------

    @Override
    public Commit merge(String repository, String sourceRef, String destinationBranch, MergeRequest request) {
        LakeNames.branch(destinationBranch);
        Merge merge = new Merge().message(request.message()).metadata(request.metadata())
                .strategy(request.strategy().apiName()).allowEmpty(request.allowEmpty());
        String what = "merge '" + sourceRef + "' into '" + destinationBranch + "'";
        String mergeCommitId;
        try {
            mergeCommitId = calls.once(what,
                    () -> api.refs.mergeIntoBranch(repository, sourceRef, destinationBranch).merge(merge).execute())
                    .getReference();
        } catch (LakeConflictException e) {
            throw namingConflicts(e, what, () -> {
                String source = getCommit(repository, sourceRef).id();
                String destination = getBranch(repository, destinationBranch).commitId();
                String base = findMergeBase(repository, sourceRef, destinationBranch).id();
                return finder(repository).conflicts(base, source, destination);
            });
        }
        return getCommit(repository, mergeCommitId);
    }

    /** lakeFS answers a revert with no body: the new commit is read from the branch head afterwards. */
    @Override
    public Commit revert(String repository, String branch, RevertRequest request) {
        LakeNames.branch(branch);
        RevertCreation revert = new RevertCreation().ref(request.ref()).parentNumber(request.parentNumber())
                .allowEmpty(request.allowEmpty());
        if (request.message() != null || !request.metadata().isEmpty()) {
            revert.commitOverrides(new CommitOverrides().message(request.message()).metadata(request.metadata()));
        }
        String what = "revert '" + request.ref() + "' on branch '" + branch + "'";
        try {
            calls.once(what, () -> {
                api.branches.revertBranch(repository, branch, revert).execute();
                return null;
            });
        } catch (LakeConflictException e) {
            throw namingConflicts(e, what, () -> {
                Commit target = getCommit(repository, request.ref());
                String parent = target.parents().get(Math.max(request.parentNumber(), 1) - 1);
                String head = getBranch(repository, branch).commitId();
                return finder(repository).conflicts(target.id(), parent, head);
            });
        }
        return getCommit(repository, getBranch(repository, branch).commitId());
    }

    /**
     * lakeFS marks {@code hard_reset} experimental; it refuses protected branches (403). It does not refuse a branch
     * with uncommitted changes (1.53.1 checks only a commit in flight, {@code Graveler.ResetHard}): it would move the
     * branch and keep them staged on top of the new head. The lake interface refuses that, so it is checked here first.
     */
    @Override
    public Branch hardReset(String repository, String branch, String ref) {
        return hardReset(repository, branch, ref, null);
    }

    /** lakeFS has no compare-and-set for a reset: the head is checked just before, which leaves a short window. */
    @Override
    public Branch hardReset(String repository, String branch, String ref, String expectedHead) {
        LakeNames.branch(branch);
        String what = "reset branch '" + branch + "' to '" + ref + "'";
        if (expectedHead != null) {
            requireHead(repository, branch, expectedHead, what);
        }
        requireClean(repository, branch, what);
        calls.idempotent(what, () -> {
            api.experimental.hardResetBranch(repository, branch, ref).execute();
            return null;
        });
        return getBranch(repository, branch);
    }

    @Override
    public void resetUncommitted(String repository, String branch) {
        reset(repository, branch, new ResetCreation().type(ResetCreation.TypeEnum.RESET));
    }

    @Override
    public void resetUncommitted(String repository, String branch, String path, boolean isPrefix) {
        ResetCreation reset = isPrefix
                ? new ResetCreation().type(ResetCreation.TypeEnum.COMMON_PREFIX).path(LakeNames.prefix(path))
                : new ResetCreation().type(ResetCreation.TypeEnum.OBJECT).path(LakeNames.path(path));
        reset(repository, branch, reset);
    }

    @Override
    public void close() {
        api.close();
    }

    @Override
    public String toString() {
        return "lakeFS lake at " + settings.endpoint();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private void reset(String repository, String branch, ResetCreation reset) {
        LakeNames.branch(branch);
        calls.idempotent("discard uncommitted changes on '" + branch + "'", () -> {
            api.branches.resetBranch(repository, branch, reset).execute();
            return null;
        });
    }

    /**
     * A 409 names no paths; they are worked out and added. A conflict that is not about paths (a dirty branch,
     * mapped from lakeFS's 400) is passed on as it is.
     */
    private static LakeException namingConflicts(LakeConflictException e, String what,
                                                 java.util.function.Supplier<List<String>> paths) {
        if (e.getMessage().contains("uncommitted changes")) {
            return e;
        }
        List<String> conflicting;
        try {
            conflicting = paths.get();
        } catch (LakeException lookupFailed) {
            e.addSuppressed(lookupFailed);
            return e;
        }
        if (conflicting.isEmpty()) {
            return e;
        }
        return new LakeConflictException(what + " conflicts on " + conflicting.size() + " path(s), first: "
                + conflicting.get(0) + "; choose a strategy (dest-wins or source-wins) or fix the paths"
                + " (lakeFS: " + e.getMessage() + ")", conflicting);
    }

    private ConflictFinder finder(String repository) {
        return new ConflictFinder(new ConflictFinder.Reader() {
            @Override
            public List<Change> changes(String fromRef, String toRef) {
                return Pages.all(page -> diff(repository, fromRef, toRef, "", page));
            }

            @Override
            public String checksumOrNull(String ref, String path) {
                try {
                    return statObject(repository, ref, path).checksum();
                } catch (LakeNotFoundException gone) {
                    return null;
                }
            }
        });
    }

    private String namespaceFor(String repository) {
        String base = settings.storageNamespace();
        if (base == null) {
            base = storageConfig().getDefaultNamespacePrefix();
        }
        if (base == null || base.isBlank()) {
            throw new LakeInvalidArgumentException("cannot create repository '" + repository + "': no storage namespace"
                    + " is configured and lakeFS has no default namespace prefix; configure a storage namespace such as"
                    + " s3://bucket/lakes (the repository's data goes under <namespace>/" + repository + ")");
        }
        return base.endsWith("/") ? base + repository : base + "/" + repository;
    }

    private boolean presignSupported() {
        return Boolean.TRUE.equals(storageConfig().getPreSignSupport());
    }

    /** The server's blockstore facts, read once; empty when the server does not say (then nothing is presigned). */
    private StorageConfig storageConfig() {
        StorageConfig config = storageConfig;
        if (config == null) {
            try {
                Config c = calls.idempotent("read the lakeFS configuration", () -> api.config.getConfig().execute());
                config = c.getStorageConfig() == null ? new StorageConfig() : c.getStorageConfig();
            } catch (LakeNotFoundException olderServer) {
                config = new StorageConfig(); // no /config: no presigning, no default namespace prefix
            }
            storageConfig = config;
        }
        return config;
    }

    private static String afterOrNull(PageRequest page) {
        return page.after().isEmpty() ? null : page.after();
    }

    /** createBranch answers the commit id as plain text; tolerate a JSON-quoted one. */
    private static String unquote(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
