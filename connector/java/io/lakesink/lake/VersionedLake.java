package io.lakesink.lake;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * A versioned data lake with lakeFS semantics: repositories, branches with staged changes, immutable
 * commits with metadata, diff, three-way merge, revert and reset. Backends: {@code lake.embedded} (in the
 * JVM, no server) and {@code lake.lakefs} (a lakeFS server over its REST API).
 *
 * <p>Names follow lakeFS: repositories match {@code ^[a-z0-9][a-z0-9-]{2,62}$}, branches match
 * {@code ^\w[-\w]*$}. Refs are a branch name, a commit id (or a unique prefix of at least 6 characters),
 * optionally followed by {@code ~N} (N-th first-parent ancestor) or {@code ^N} (N-th parent). A branch ref
 * reads the branch including its staged changes; {@code branch@} reads only its committed head.
 *
 * <p>Every method throws a {@link LakeException} subtype on failure and changes nothing when it does:
 * {@link LakeNotFoundException}, {@link LakeConflictException}, {@link LakePreconditionFailedException},
 * {@link LakeInvalidArgumentException}, {@link LakeUnavailableException} (retryable).
 */
public interface VersionedLake extends AutoCloseable {

    // --- repositories -------------------------------------------------------------------------------

    /** Creates a repository whose default branch holds one empty initial commit. */
    Repository createRepository(String name, String defaultBranch);

    Repository getRepository(String name);

    List<Repository> listRepositories();

    /** Deletes a repository with all its branches and commits. */
    void deleteRepository(String name);

    // --- branches -----------------------------------------------------------------------------------

    /** Creates {@code branch} pointing at the commit {@code sourceRef} resolves to (committed data only). */
    Branch createBranch(String repository, String branch, String sourceRef);

    Branch getBranch(String repository, String branch);

    /** Branches in name order. */
    Page<Branch> listBranches(String repository, PageRequest page);

    /** Deletes a branch and its staged changes; the default branch cannot be deleted. */
    void deleteBranch(String repository, String branch);

    // --- objects ------------------------------------------------------------------------------------

    /** Writes an object and stages it on {@code branch} at {@code path}. */
    ObjectStats putObject(String repository, String branch, String path, InputStream content, String contentType);

    /** The object's bytes at {@code ref}; the caller closes the stream. */
    InputStream getObject(String repository, String ref, String path);

    ObjectStats statObject(String repository, String ref, String path);

    /** Stages the removal of {@code path} on {@code branch}; fails with not found if it is not there. */
    void deleteObject(String repository, String branch, String path);

    /** Objects at {@code ref} whose path starts with {@code prefix}, in path order. */
    Page<ObjectStats> listObjects(String repository, String ref, String prefix, PageRequest page);

    // --- write now, link later (lakeFS staging API) ------------------------------------------------

    /** A fresh, unique place to write bytes for a later {@link #linkPhysicalAddress}. */
    PhysicalAddress getPhysicalAddress(String repository, String branch, String path);

    /** Writes bytes to an address from {@link #getPhysicalAddress}; nothing is visible on any branch yet. */
    UploadedObject writePhysical(String repository, PhysicalAddress address, InputStream content);

    /** Stages the bytes at a physical address on {@code branch} (lakeFS linkPhysicalAddress). */
    ObjectStats linkPhysicalAddress(String repository, String branch, LinkRequest link);

    /** Links several objects; the embedded backend does it atomically, lakeFS one by one. */
    List<ObjectStats> linkPhysicalAddresses(String repository, String branch, List<LinkRequest> links);

    /** Number of addresses handed out by {@link #getPhysicalAddress} that were never linked. */
    long countUnlinkedPhysicalAddresses(String repository);

    /**
     * Deletes the bytes of addresses handed out more than {@code gracePeriod} ago that were never linked,
     * and returns how many were removed. Backends whose server collects garbage itself return 0.
     */
    long collectUnlinkedPhysicalAddresses(String repository, Duration gracePeriod);

    // --- commits ------------------------------------------------------------------------------------

    /**
     * Commits everything staged on {@code branch}; fails with invalid argument when nothing is and empty commits are
     * not allowed. With {@link CommitRequest#expectedParent()} set, fails with {@link LakeBranchMovedException} when
     * the head is another commit: the embedded lake checks it in the commit's transaction and changes nothing;
     * lakeFS, which has no compare-and-set, checks before and after committing and names the commit that landed.
     */
    Commit commit(String repository, String branch, CommitRequest request);

    /** The commit {@code ref} resolves to (a branch's head commit for a branch). */
    Commit getCommit(String repository, String ref);

    /** Commits reachable from {@code ref}, newest first; {@code after} in the page request is a commit id. */
    Page<Commit> log(String repository, String ref, PageRequest page);

    /** The most recent common ancestor of two refs. */
    Commit findMergeBase(String repository, String leftRef, String rightRef);

    // --- diff ---------------------------------------------------------------------------------------

    /** What changes from {@code leftRef} to {@code rightRef} (committed data of both), in path order. */
    Page<Change> diff(String repository, String leftRef, String rightRef, String prefix, PageRequest page);

    /** A branch's staged changes against its head commit, in path order. */
    Page<Change> diffUncommitted(String repository, String branch, String prefix, PageRequest page);

    // --- merge, revert, reset -----------------------------------------------------------------------

    /**
     * Three-way merge of {@code sourceRef}'s committed head into {@code destinationBranch}, creating a merge
     * commit whose first parent is the destination head. Fails with conflict when the destination has
     * uncommitted changes or (strategy FAIL) when both sides changed a path differently.
     */
    Commit merge(String repository, String sourceRef, String destinationBranch, MergeRequest request);

    /** Adds a commit on {@code branch} that undoes the changes of {@code request.ref()}; the branch must be clean. */
    Commit revert(String repository, String branch, RevertRequest request);

    /** Moves {@code branch} to the commit {@code ref} resolves to; the branch must have no staged changes. */
    Branch hardReset(String repository, String branch, String ref);

    /**
     * Moves {@code branch} to {@code ref} only if its head is {@code expectedHead}, else fails with
     * {@link LakeBranchMovedException} and changes nothing. The embedded lake checks it in the reset's transaction;
     * lakeFS, which has no compare-and-set, checks the head just before resetting.
     */
    Branch hardReset(String repository, String branch, String ref, String expectedHead);

    /** Discards all staged changes of {@code branch}. */
    void resetUncommitted(String repository, String branch);

    /** Discards the staged change of one path, or of every path under a prefix when {@code isPrefix}. */
    void resetUncommitted(String repository, String branch, String path, boolean isPrefix);

    @Override
    void close();
}
