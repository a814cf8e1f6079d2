/**
 * Compaction: small files already on main rewritten into files of the target size by a commit on the ingest
 * branch that changes no row and no offset, published to main by the normal path. Small files come from commits
 * (every commit closes every file) and from partition directories that receive little data.
 */
package io.lakesink.compact;
