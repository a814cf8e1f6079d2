/**
 * The lake on a lakeFS server: {@link io.lakesink.lake.lakefs.LakeFsLake#open(LakeFsSettings)} gives a
 * {@link io.lakesink.lake.VersionedLake} over lakeFS's REST API, through the official Java SDK
 * ({@code io.lakefs:sdk}, OkHttp and Gson).
 *
 * <h2>How lakeFS's answers become the lake's</h2>
 * <ul>
 *   <li>HTTP status to typed error ({@code LakeFsErrors}): 400 invalid argument with lakeFS's message, except a
 *       branch with uncommitted changes (lakeFS: 400 "dirty branch"), which is a conflict; 401/403
 *       {@link io.lakesink.lake.lakefs.LakeFsAuthenticationException} naming the access key id (never the secret);
 *       404 not found; 409 conflict; 412 precondition failed (a pre-merge/pre-commit hook said no, the message
 *       names the action and hook); 429, 5xx and time-outs {@link io.lakesink.lake.lakefs.LakeFsUnavailableException}
 *       (retryable); an answer the SDK cannot read {@link io.lakesink.lake.lakefs.LakeFsProtocolException}.</li>
 *   <li>Paging: lakeFS's {@code after} / {@code pagination.has_more} / {@code next_offset} are exactly
 *       {@link io.lakesink.lake.PageRequest} and {@link io.lakesink.lake.Page}.</li>
 *   <li>Retries: idempotent calls (reads, resets, non-exclusive links, deletes after a look) are retried with
 *       exponential backoff. Merge and revert are never retried. A commit is retried as
 *       {@code CommitGuard} allows: with a {@code lakesink.commit} value in its metadata, after a failure that may
 *       have committed, the newest commits of the branch are searched for it first; without one, only after an
 *       answer that says lakeFS did nothing (429, 503, "branch is currently locked").</li>
 *   <li>Conflicting paths: lakeFS's 409 names none; they are worked out from diffs against the merge base (merge)
 *       or the reverted commit (revert), so {@link io.lakesink.lake.LakeConflictException#conflictingPaths()} is
 *       filled as on the embedded backend.</li>
 *   <li>Deleting a missing object: lakeFS answers 204; the adapter looks first and says not found.</li>
 *   <li>diff uses lakeFS's {@code two_dot} type (the refs as they are), not its default {@code three_dot}.</li>
 *   <li>Revert and hard reset answer no commit: the branch head is read afterwards, so a commit by another
 *       writer in between would be returned instead.</li>
 *   <li>Batch links are one call per object: a failure part-way leaves the earlier links staged.</li>
 *   <li>Link addresses ({@code LinkAddresses}): lakeFS 1.22+ signs each for the repository, branch and path it was
 *       asked for and accepts it for 6 h; the adapter never sends one past that (read from the address's xid), and
 *       a refused link's message names the rule. A merge commit's revert without a parent number (lakeFS: 409) is
 *       an invalid argument; a merge conflict (lakeFS: 409 with an empty MergeResult) a conflict.</li>
 *   <li>Hard reset: lakeFS 1.53.1 moves a branch with uncommitted changes and keeps them staged; the adapter checks
 *       first and refuses it as a conflict, as the lake interface says. See {@code docs/lakefs.md}.</li>
 * </ul>
 *
 * <h2>Writing now, linking later</h2>
 * Physical addresses come from the staging API with {@code presign=true} when the server's storage config says it
 * can presign; the bytes are then PUT to the presigned URL (without lakeFS credentials). lakeFS's {@code local}
 * blockstore cannot presign: its {@code local://ns/key} addresses are files under the blockstore's directory,
 * written directly when {@link io.lakesink.lake.lakefs.LakeFsSettings#localBlockstoreRoot()} says where that
 * directory is on this machine. Unlinked addresses are not counted or collected by this client (lakeFS has no such
 * API for clients): bytes never linked are removed by lakeFS's garbage collection of uncommitted data, so
 * {@code countUnlinkedPhysicalAddresses} and {@code collectUnlinkedPhysicalAddresses} return 0.
 *
 * <h2>Repositories</h2>
 * {@code createRepository(name, branch)} stores the repository under {@code <storageNamespace>/<name>}, with the
 * configured namespace or else the server's {@code default_namespace_prefix} (quickstart: {@code local://}).
 */
package io.lakesink.lake.lakefs;
