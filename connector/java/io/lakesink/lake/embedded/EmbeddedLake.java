package io.lakesink.lake.embedded;

import io.lakesink.lake.Branch;
import io.lakesink.lake.LakeBranchMovedException;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.CommitRequest;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNames;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LakePreconditionFailedException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.MergeRequest;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Page;
import io.lakesink.lake.PageRequest;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.Repository;
import io.lakesink.lake.RevertRequest;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLake;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The embedded backend: a versioned lake in one local directory, with no server. Object bytes are files under
 * {@code objects/}; branches, commits, staged changes and the range trees of commits are in {@code lake.db}
 * (SQLite, WAL). Safe for many threads and for several processes on one machine; one machine only.
 */
public final class EmbeddedLake implements VersionedLake {
    static final String DATABASE_FILE = "lake.db";
    static final String OBJECTS_DIR = "objects";
    private static final Duration LINK_DEADLINE = Duration.ofHours(24);

    private final Path root;
    private final EmbeddedLakeOptions options;
    private final LakeDatabase db;
    private final ProcessWideClaim claim;
    private final ObjectFiles files;
    private final RepositoryTable repositories;
    private final BranchTable branches = new BranchTable();
    private final CommitTable commits = new CommitTable();
    private final StagingTable staging = new StagingTable();
    private final UnlinkedAddressTable unlinked = new UnlinkedAddressTable();
    private final Tree tree = new Tree(new RangeStore());
    private final History history = new History(commits);
    private final RefResolver refs = new RefResolver(branches, commits);

    private EmbeddedLake(Path root, EmbeddedLakeOptions options, ProcessWideClaim claim) {
        this.root = root;
        this.options = options;
        this.claim = claim;
        this.files = new ObjectFiles(root.resolve(OBJECTS_DIR));
        this.repositories = new RepositoryTable(files);
        this.db = new LakeDatabase(root.resolve(DATABASE_FILE), (int) options.lockTimeout().toMillis());
    }

    /** Opens (and with default options creates) the lake in {@code dir}. */
    public static EmbeddedLake open(Path dir) {
        return open(dir, EmbeddedLakeOptions.defaults());
    }

    /**
     * Opens the lake in {@code dir}, refusing a directory whose objects the database does not know (a lost or
     * replaced {@code lake.db}: a new database there would start the repositories' history afresh over their data)
     * and a directory another copy of LakeSink's classes in this JVM has open.
     */
    public static EmbeddedLake open(Path dir, EmbeddedLakeOptions options) {
        Path root = dir.toAbsolutePath().normalize();
        LakeDirectory directory = new LakeDirectory(root, DATABASE_FILE, OBJECTS_DIR);
        Path real = directory.prepare(options.createIfMissing());
        ProcessWideClaim claim = ProcessWideClaim.take(real);
        EmbeddedLake lake = null;
        try {
            lake = new EmbeddedLake(root, options, claim);
            directory.refuseObjectsOfUnknownRepositories(lake.listRepositories().stream().map(Repository::name)
                    .toList());
            return lake;
        } catch (RuntimeException e) {
            if (lake != null) {
                lake.close();
            }
            claim.close();
            throw e;
        }
    }

    public Path root() {
        return root;
    }

    /**
     * This lake's identity: a random id given when its database was made (or first opened by a LakeSink that knows
     * ids). Another lake made at the same path, on another machine or after this one was deleted, has another id.
     */
    public String lakeId() {
        return db.lakeId();
    }

    // --- repositories -------------------------------------------------------------------------------

    @Override
    public Repository createRepository(String name, String defaultBranch) {
        LakeNames.repository(name);
        LakeNames.branch(defaultBranch);
        return db.write("create repository " + name, c -> {
            if (repositories.find(c, name) != null) {
                throw new LakeConflictException("repository '" + name + "' already exists");
            }
            long now = System.currentTimeMillis();
            repositories.insert(c, name, defaultBranch, now);
            String empty = tree.emptyMetaRange(c, name);
            Commit initial = newCommit(List.of(), "Repository created", Map.of(), empty, 1);
            commits.insert(c, name, initial);
            branches.insert(c, name, defaultBranch, initial.id());
            return repositories.require(c, name);
        });
    }

    @Override
    public Repository getRepository(String name) {
        LakeNames.repository(name);
        return db.read("read repository " + name, c -> repositories.require(c, name));
    }

    @Override
    public List<Repository> listRepositories() {
        return db.read("list repositories", repositories::list);
    }

    @Override
    public void deleteRepository(String name) {
        LakeNames.repository(name);
        db.write("delete repository " + name, c -> {
            repositories.require(c, name);
            repositories.delete(c, name);
            return null;
        });
        files.deleteRepository(name);
    }

    // --- branches -----------------------------------------------------------------------------------

    @Override
    public Branch createBranch(String repository, String branch, String sourceRef) {
        LakeNames.branch(branch);
        return db.write("create branch " + branch, c -> {
            repositories.require(c, repository);
            if (branches.find(c, repository, branch) != null) {
                throw new LakeConflictException("branch '" + branch + "' already exists in repository '"
                        + repository + "'");
            }
            Commit source = refs.commitOf(c, repository, sourceRef);
            branches.insert(c, repository, branch, source.id());
            return new Branch(branch, source.id());
        });
    }

    @Override
    public Branch getBranch(String repository, String branch) {
        LakeNames.branch(branch);
        return db.read("read branch " + branch, c -> {
            repositories.require(c, repository);
            return branches.require(c, repository, branch);
        });
    }

    @Override
    public Page<Branch> listBranches(String repository, PageRequest page) {
        return db.read("list branches", c -> {
            repositories.require(c, repository);
            return Page.of(branches.list(c, repository, page.after(), page.amount() + 1), page.amount(), Branch::name);
        });
    }

    @Override
    public void deleteBranch(String repository, String branch) {
        LakeNames.branch(branch);
        db.write("delete branch " + branch, c -> {
            Repository repo = repositories.require(c, repository);
            if (repo.defaultBranch().equals(branch)) {
                throw new LakeInvalidArgumentException("branch '" + branch + "' is the default branch of repository '"
                        + repository + "' and cannot be deleted");
            }
            branches.require(c, repository, branch);
            staging.clear(c, repository, branch);
            branches.delete(c, repository, branch);
            return null;
        });
    }

    // --- objects ------------------------------------------------------------------------------------

    @Override
    public ObjectStats putObject(String repository, String branch, String path, InputStream content,
                                 String contentType) {
        LakeNames.path(path);
        LakeNames.branch(branch);
        db.read("check branch " + branch, c -> {
            repositories.require(c, repository);
            return branches.require(c, repository, branch);
        });
        String address = ObjectFiles.newAddress();
        ObjectFiles.Written written = files.write(repository, address, content);
        Entry entry = new Entry(path, address, written.size(), written.checksum(), System.currentTimeMillis(),
                contentType, Map.of());
        try {
            db.write("stage " + path, c -> {
                branches.require(c, repository, branch);
                staging.stage(c, repository, branch, new Update(path, entry));
                return null;
            });
        } catch (RuntimeException e) {
            files.delete(repository, address);
            throw e;
        }
        return stats(repository, entry);
    }

    @Override
    public InputStream getObject(String repository, String ref, String path) {
        Entry entry = db.read("read " + path, c -> requireEntry(c, repository, ref, path));
        return files.openVerified(repository, entry.address(), path, ref, entry.checksum());
    }

    @Override
    public ObjectStats statObject(String repository, String ref, String path) {
        return stats(repository, db.read("stat " + path, c -> requireEntry(c, repository, ref, path)));
    }

    @Override
    public void deleteObject(String repository, String branch, String path) {
        LakeNames.path(path);
        LakeNames.branch(branch);
        db.write("delete " + path, c -> {
            repositories.require(c, repository);
            Branch b = branches.require(c, repository, branch);
            Update staged = staging.find(c, repository, branch, path);
            Entry committed = tree.lookup(c, repository, commits.require(c, repository, b.commitId()).metaRangeId(), path);
            if (staged == null ? committed == null : staged.isRemoval()) {
                throw new LakeNotFoundException("object '" + path + "' not found on branch '" + branch + "'");
            }
            if (committed == null) {
                staging.unstage(c, repository, branch, path);
            } else {
                staging.stage(c, repository, branch, new Update(path, null));
            }
            return null;
        });
    }

    @Override
    public Page<ObjectStats> listObjects(String repository, String ref, String prefix, PageRequest page) {
        String p = LakeNames.prefix(prefix);
        List<Entry> entries = db.read("list objects", c -> {
            repositories.require(c, repository);
            RefResolver.Resolved resolved = refs.resolve(c, repository, ref);
            Iterator<Entry> committed = tree.iterate(c, repository, resolved.commit().metaRangeId(), page.after(), p);
            Iterator<Entry> visible = resolved.stagingBranch() == null ? committed
                    : new StagedView(committed, staging.iterate(c, repository, resolved.stagingBranch(), page.after(), p));
            List<Entry> out = new ArrayList<>();
            while (visible.hasNext() && out.size() <= page.amount()) {
                out.add(visible.next());
            }
            return out;
        });
        return Page.of(entries.stream().map(e -> stats(repository, e)).toList(), page.amount(), ObjectStats::path);
    }

    // --- write now, link later ----------------------------------------------------------------------

    @Override
    public PhysicalAddress getPhysicalAddress(String repository, String branch, String path) {
        LakeNames.path(path);
        LakeNames.branch(branch);
        String address = ObjectFiles.newAddress();
        Instant now = Instant.now();
        db.write("hand out a physical address", c -> {
            repositories.require(c, repository);
            branches.require(c, repository, branch);
            unlinked.add(c, repository, address, now.toEpochMilli());
            return null;
        });
        return new PhysicalAddress(files.toUri(repository, address), null, now.plus(LINK_DEADLINE));
    }

    @Override
    public UploadedObject writePhysical(String repository, PhysicalAddress address, InputStream content) {
        String relative = files.toAddress(repository, address.address());
        boolean issued = db.read("check physical address", c -> {
            repositories.require(c, repository);
            return unlinked.contains(c, repository, relative);
        });
        if (!issued) {
            throw new LakeInvalidArgumentException("physical address " + address.address() + " was not handed out by"
                    + " getPhysicalAddress, or is already linked or collected: ask for a new address");
        }
        ObjectFiles.Written written = files.write(repository, relative, content);
        return new UploadedObject(address.address(), written.size(), written.checksum());
    }

    @Override
    public ObjectStats linkPhysicalAddress(String repository, String branch, LinkRequest link) {
        return linkPhysicalAddresses(repository, branch, List.of(link)).get(0);
    }

    @Override
    public List<ObjectStats> linkPhysicalAddresses(String repository, String branch, List<LinkRequest> links) {
        LakeNames.branch(branch);
        links.forEach(l -> LakeNames.path(l.path()));
        long now = System.currentTimeMillis();
        List<Entry> entries = new ArrayList<>(links.size());
        for (LinkRequest l : links) {
            entries.add(new Entry(l.path(), files.toAddress(repository, l.physicalAddress()), l.sizeBytes(),
                    l.checksum(), now, l.contentType(), l.userMetadata()));
        }
        db.write("link " + links.size() + " object(s)", c -> {
            repositories.require(c, repository);
            Branch b = branches.require(c, repository, branch);
            String head = commits.require(c, repository, b.commitId()).metaRangeId();
            Map<String, Long> sizes = new HashMap<>();
            for (int i = 0; i < links.size(); i++) {
                Entry e = entries.get(i);
                if (links.get(i).ifAbsent() && visibleEntry(c, repository, branch, head, e.path()) != null) {
                    throw new LakePreconditionFailedException("object '" + e.path() + "' already exists on branch '"
                            + branch + "' and the link asked for it to be absent");
                }
                long size = sizes.computeIfAbsent(e.address(), a -> files.sizeOf(repository, a));
                if (size < 0) {
                    throw new LakeNotFoundException("nothing is written at physical address " + links.get(i).physicalAddress()
                            + " (never written, or collected after its grace period): write the object again");
                }
                if (size != e.size()) {
                    throw new LakeInvalidArgumentException("link of '" + e.path() + "' says " + e.size() + " bytes but "
                            + size + " bytes are at " + links.get(i).physicalAddress());
                }
                unlinked.remove(c, repository, e.address());
                staging.stage(c, repository, branch, new Update(e.path(), e));
            }
            return null;
        });
        return entries.stream().map(e -> stats(repository, e)).toList();
    }

    @Override
    public long countUnlinkedPhysicalAddresses(String repository) {
        return db.read("count unlinked addresses", c -> {
            repositories.require(c, repository);
            return unlinked.count(c, repository);
        });
    }

    @Override
    public long collectUnlinkedPhysicalAddresses(String repository, Duration gracePeriod) {
        long cutoff = System.currentTimeMillis() - gracePeriod.toMillis();
        // Files go inside the write transaction: a concurrent link either ran before (and removed the address
        // from the table) or runs after and finds the bytes gone, never a link to bytes about to vanish.
        return db.write("collect unlinked objects", c -> {
            repositories.require(c, repository);
            List<String> expired = unlinked.issuedBefore(c, repository, cutoff);
            for (String address : expired) {
                files.delete(repository, address);
                unlinked.remove(c, repository, address);
            }
            return (long) expired.size();
        });
    }

    /**
     * Deletes the bytes of objects that no retained commit refers to: every branch head and every commit younger
     * than {@code retention} are retained (see {@link ObjectCollector}); with {@code dryRun}, only reports them.
     * Objects superseded by a compaction, an overwrite or a delete go once the last commit that holds them is older
     * than the retention period.
     */
    public GarbageReport collectGarbage(String repository, Duration retention, boolean dryRun) {
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        ObjectCollector collector = new ObjectCollector(files, tree, staging, branches, unlinked);
        return db.write("collect garbage", c -> {
            repositories.require(c, repository);
            return collector.collect(c, repository, cutoff, dryRun);
        });
    }

    // --- commits ------------------------------------------------------------------------------------

    @Override
    public Commit commit(String repository, String branch, CommitRequest request) {
        LakeNames.branch(branch);
        return db.write("commit on " + branch, c -> {
            repositories.require(c, repository);
            Branch b = branches.require(c, repository, branch);
            requireHead(b, request.expectedParent(), "commit on branch '" + branch + "'");
            Commit head = commits.require(c, repository, b.commitId());
            List<Update> updates = staging.all(c, repository, branch);
            if (updates.isEmpty() && !request.allowEmpty()) {
                throw new LakeInvalidArgumentException("no changes to commit on branch '" + branch
                        + "' (allow an empty commit to record metadata alone)");
            }
            String metaRange = tree.apply(c, repository, head.metaRangeId(), updates);
            Commit commit = newCommit(List.of(head.id()), request.message(), request.metadata(), metaRange,
                    head.generation() + 1);
            commits.insert(c, repository, commit);
            branches.move(c, repository, branch, commit.id());
            staging.clear(c, repository, branch);
            return commit;
        });
    }

    @Override
    public Commit getCommit(String repository, String ref) {
        return db.read("read commit " + ref, c -> {
            repositories.require(c, repository);
            return refs.commitOf(c, repository, ref);
        });
    }

    @Override
    public Page<Commit> log(String repository, String ref, PageRequest page) {
        return db.read("read the log of " + ref, c -> {
            repositories.require(c, repository);
            Commit head = refs.commitOf(c, repository, ref);
            return Page.of(history.log(c, repository, head, page.after(), page.amount() + 1), page.amount(),
                    Commit::id);
        });
    }

    @Override
    public Commit findMergeBase(String repository, String leftRef, String rightRef) {
        return db.read("find the merge base", c -> {
            repositories.require(c, repository);
            Commit base = history.mergeBase(c, repository, refs.commitOf(c, repository, leftRef),
                    refs.commitOf(c, repository, rightRef));
            if (base == null) {
                throw new LakeNotFoundException("'" + leftRef + "' and '" + rightRef + "' share no history");
            }
            return base;
        });
    }

    // --- diff ---------------------------------------------------------------------------------------

    @Override
    public Page<Change> diff(String repository, String leftRef, String rightRef, String prefix, PageRequest page) {
        List<EntryDiff> diffs = db.read("diff " + leftRef + " and " + rightRef, c -> {
            repositories.require(c, repository);
            return tree.diff(c, repository, refs.commitOf(c, repository, leftRef).metaRangeId(),
                    refs.commitOf(c, repository, rightRef).metaRangeId());
        });
        return pageOfChanges(diffs, prefix, page);
    }

    @Override
    public Page<Change> diffUncommitted(String repository, String branch, String prefix, PageRequest page) {
        LakeNames.branch(branch);
        List<EntryDiff> diffs = db.read("diff uncommitted changes of " + branch, c -> {
            repositories.require(c, repository);
            String head = commits.require(c, repository, branches.require(c, repository, branch).commitId())
                    .metaRangeId();
            List<EntryDiff> out = new ArrayList<>();
            for (Update u : staging.all(c, repository, branch)) {
                Entry committed = tree.lookup(c, repository, head, u.path());
                if (!Entry.sameContent(committed, u.entry())) {
                    out.add(new EntryDiff(u.path(), committed, u.entry()));
                }
            }
            return out;
        });
        return pageOfChanges(diffs, prefix, page);
    }

    private static Page<Change> pageOfChanges(List<EntryDiff> diffs, String prefix, PageRequest page) {
        String p = LakeNames.prefix(prefix);
        List<Change> out = new ArrayList<>();
        for (EntryDiff d : diffs) {
            if (out.size() > page.amount()) {
                break;
            }
            if (d.path().startsWith(p) && PathOrder.compare(d.path(), page.after()) > 0) {
                out.add(toChange(d));
            }
        }
        return Page.of(out, page.amount(), Change::path);
    }

    private static Change toChange(EntryDiff d) {
        if (d.left() == null) {
            return new Change(Change.Type.ADDED, d.path(), d.right().size());
        }
        if (d.right() == null) {
            return new Change(Change.Type.REMOVED, d.path(), d.left().size());
        }
        return new Change(Change.Type.CHANGED, d.path(), d.right().size());
    }

    // --- merge, revert, reset -----------------------------------------------------------------------

    @Override
    public Commit merge(String repository, String sourceRef, String destinationBranch, MergeRequest request) {
        LakeNames.branch(destinationBranch);
        return db.write("merge " + sourceRef + " into " + destinationBranch, c -> {
            repositories.require(c, repository);
            Branch dest = branches.require(c, repository, destinationBranch);
            requireClean(c, repository, destinationBranch, "merge into it");
            Commit destHead = commits.require(c, repository, dest.commitId());
            Commit source = refs.commitOf(c, repository, sourceRef);
            Commit base = history.mergeBase(c, repository, source, destHead);
            if (base == null) {
                throw new LakeConflictException("'" + sourceRef + "' and '" + destinationBranch
                        + "' share no history and cannot be merged");
            }
            List<EntryDiff> destinationChanges = tree.diff(c, repository, base.metaRangeId(), destHead.metaRangeId());
            String metaRange;
            if (destinationChanges.isEmpty()) {
                // Nothing changed on the destination since the base: the result is the source's tree itself,
                // because trees are canonical (the same entries always give the same tree).
                metaRange = source.metaRangeId();
            } else {
                ThreeWayMerge.Outcome outcome = ThreeWayMerge.settle(
                        tree.diff(c, repository, base.metaRangeId(), source.metaRangeId()), destinationChanges,
                        request.strategy());
                if (!outcome.conflicts().isEmpty()) {
                    throw new LakeConflictException("merging '" + sourceRef + "' into '" + destinationBranch
                            + "' conflicts on " + outcome.conflicts().size() + " path(s), first: "
                            + outcome.conflicts().get(0) + "; choose a strategy (dest-wins or source-wins) or fix the"
                            + " paths", outcome.conflicts());
                }
                metaRange = tree.apply(c, repository, destHead.metaRangeId(), outcome.updates());
            }
            if (metaRange.equals(destHead.metaRangeId()) && !request.allowEmpty()) {
                throw new LakeInvalidArgumentException("no changes: '" + destinationBranch + "' already holds everything"
                        + " in '" + sourceRef + "'");
            }
            String message = request.message() == null || request.message().isBlank()
                    ? "Merge '" + sourceRef + "' into '" + destinationBranch + "'" : request.message();
            Commit merge = newCommit(List.of(destHead.id(), source.id()), message, request.metadata(), metaRange,
                    Math.max(destHead.generation(), source.generation()) + 1);
            commits.insert(c, repository, merge);
            branches.move(c, repository, destinationBranch, merge.id());
            return merge;
        });
    }

    @Override
    public Commit revert(String repository, String branch, RevertRequest request) {
        LakeNames.branch(branch);
        return db.write("revert " + request.ref() + " on " + branch, c -> {
            repositories.require(c, repository);
            Branch b = branches.require(c, repository, branch);
            requireClean(c, repository, branch, "revert on it");
            Commit target = refs.commitOf(c, repository, request.ref());
            Commit parent = parentToRevertTo(c, repository, target, request);
            Commit head = commits.require(c, repository, b.commitId());
            // Reverting is a three-way merge of the target's parent into the head, with the target as base.
            ThreeWayMerge.Outcome outcome = ThreeWayMerge.settle(
                    tree.diff(c, repository, target.metaRangeId(), parent.metaRangeId()),
                    tree.diff(c, repository, target.metaRangeId(), head.metaRangeId()),
                    io.lakesink.lake.MergeStrategy.FAIL);
            if (!outcome.conflicts().isEmpty()) {
                throw new LakeConflictException("reverting " + request.ref() + " on '" + branch + "' conflicts with later"
                        + " changes to " + outcome.conflicts().size() + " path(s), first: " + outcome.conflicts().get(0),
                        outcome.conflicts());
            }
            String metaRange = tree.apply(c, repository, head.metaRangeId(), outcome.updates());
            if (metaRange.equals(head.metaRangeId()) && !request.allowEmpty()) {
                throw new LakeInvalidArgumentException("no changes: reverting " + request.ref() + " changes nothing on '"
                        + branch + "'");
            }
            String message = request.message() == null ? "Revert " + request.ref() : request.message();
            Commit revert = newCommit(List.of(head.id()), message, request.metadata(), metaRange, head.generation() + 1);
            commits.insert(c, repository, revert);
            branches.move(c, repository, branch, revert.id());
            return revert;
        });
    }

    private Commit parentToRevertTo(Connection c, String repository, Commit target, RevertRequest request)
            throws SQLException {
        int n = request.parentNumber();
        if (target.parents().isEmpty()) {
            throw new LakeInvalidArgumentException("commit " + target.id() + " is the first commit of the repository"
                    + " and cannot be reverted");
        }
        if (target.isMerge() && (n < 1 || n > target.parents().size())) {
            throw new LakeInvalidArgumentException("commit " + target.id() + " is a merge: give the parent number"
                    + " (1 to " + target.parents().size() + ") to revert it against");
        }
        if (!target.isMerge() && n > 1) {
            throw new LakeInvalidArgumentException("commit " + target.id() + " has one parent; parent number "
                    + n + " does not exist");
        }
        return commits.require(c, repository, target.parents().get(Math.max(n, 1) - 1));
    }

    @Override
    public Branch hardReset(String repository, String branch, String ref) {
        return hardReset(repository, branch, ref, null);
    }

    @Override
    public Branch hardReset(String repository, String branch, String ref, String expectedHead) {
        LakeNames.branch(branch);
        return db.write("reset " + branch + " to " + ref, c -> {
            repositories.require(c, repository);
            requireHead(branches.require(c, repository, branch), expectedHead, "reset branch '" + branch + "' to '"
                    + ref + "'");
            requireClean(c, repository, branch, "reset it");
            Commit target = refs.commitOf(c, repository, ref);
            branches.move(c, repository, branch, target.id());
            return new Branch(branch, target.id());
        });
    }

    @Override
    public void resetUncommitted(String repository, String branch) {
        resetUncommitted(repository, branch, "", true);
    }

    @Override
    public void resetUncommitted(String repository, String branch, String path, boolean isPrefix) {
        LakeNames.branch(branch);
        db.write("discard uncommitted changes on " + branch, c -> {
            repositories.require(c, repository);
            branches.require(c, repository, branch);
            if (isPrefix) {
                staging.unstagePrefix(c, repository, branch, LakeNames.prefix(path));
            } else {
                staging.unstage(c, repository, branch, LakeNames.path(path));
            }
            return null;
        });
    }

    @Override
    public void close() {
        db.close();
        claim.close();
    }

    @Override
    public String toString() {
        return "embedded lake at " + root;
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** The compare-and-set of commit and reset: checked inside their transaction, so nobody moves it meanwhile. */
    private static void requireHead(Branch b, String expectedHead, String what) {
        if (expectedHead != null && !expectedHead.equals(b.commitId())) {
            throw new LakeBranchMovedException(what, b.name(), expectedHead, b.commitId(), null);
        }
    }

    private void requireClean(Connection c, String repository, String branch, String action) throws SQLException {
        if (staging.isDirty(c, repository, branch)) {
            throw new LakeConflictException("branch '" + branch + "' has uncommitted changes: commit or reset them"
                    + " before you " + action);
        }
    }

    private Entry requireEntry(Connection c, String repository, String ref, String path) throws SQLException {
        LakeNames.path(path);
        repositories.require(c, repository);
        RefResolver.Resolved resolved = refs.resolve(c, repository, ref);
        Entry e = resolved.stagingBranch() == null
                ? tree.lookup(c, repository, resolved.commit().metaRangeId(), path)
                : visibleEntry(c, repository, resolved.stagingBranch(), resolved.commit().metaRangeId(), path);
        if (e == null) {
            throw new LakeNotFoundException("object '" + path + "' not found at ref '" + ref + "'");
        }
        return e;
    }

    /** The entry a reader of the branch sees: its staged change if any, else its head commit's. */
    private Entry visibleEntry(Connection c, String repository, String branch, String headMetaRange, String path)
            throws SQLException {
        Update staged = staging.find(c, repository, branch, path);
        return staged != null ? staged.entry() : tree.lookup(c, repository, headMetaRange, path);
    }

    private Commit newCommit(List<String> parents, String message, Map<String, String> metadata, String metaRange,
                             long generation) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        String identity = String.join("\n", CommitTable.toJson(parents), message, options.committer(),
                CommitTable.toJson(new TreeMap<>(metadata)), metaRange, Long.toString(now.toEpochMilli()),
                Long.toString(generation), UUID.randomUUID().toString());
        String id = Codec.sha256(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Commit(id, parents, message, options.committer(), metadata, now, metaRange, generation);
    }

    private ObjectStats stats(String repository, Entry e) {
        return new ObjectStats(e.path(), files.toUri(repository, e.address()), e.checksum(), e.size(),
                Instant.ofEpochMilli(e.mtimeMillis()), e.contentType(), e.metadata());
    }
}
