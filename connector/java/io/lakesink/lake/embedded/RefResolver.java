package io.lakesink.lake.embedded;

import io.lakesink.lake.Branch;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNotFoundException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a lakeFS-style ref into a commit: {@code branch}, {@code branch@} (committed data only), a commit id or a
 * unique prefix of at least 6 characters, each optionally followed by {@code ~N} and {@code ^N} modifiers.
 */
final class RefResolver {
    private static final Pattern COMMIT_ID = Pattern.compile("^[0-9a-f]{6,64}$");
    private static final Pattern MODIFIER = Pattern.compile("([~^])(\\d*)");

    /** The commit a ref names, and the branch whose staged changes a reader also sees (null if none). */
    record Resolved(Commit commit, String stagingBranch) {
    }

    private final BranchTable branches;
    private final CommitTable commits;

    RefResolver(BranchTable branches, CommitTable commits) {
        this.branches = branches;
        this.commits = commits;
    }

    Resolved resolve(Connection c, String repo, String ref) throws SQLException {
        if (ref == null || ref.isEmpty()) {
            throw new LakeInvalidArgumentException("a ref must not be empty: give a branch name or a commit id");
        }
        int cut = firstModifier(ref);
        String base = ref.substring(0, cut);
        String modifiers = ref.substring(cut);
        boolean committedOnly = base.endsWith("@");
        if (committedOnly) {
            base = base.substring(0, base.length() - 1);
        }
        Commit commit;
        String stagingBranch = null;
        Branch branch = base.isEmpty() ? null : branches.find(c, repo, base);
        if (branch != null) {
            commit = commits.require(c, repo, branch.commitId());
            stagingBranch = committedOnly || !modifiers.isEmpty() ? null : base;
        } else if (COMMIT_ID.matcher(base).matches()) {
            commit = base.length() == 64 ? commits.find(c, repo, base) : commits.findByPrefix(c, repo, base);
            if (commit == null) {
                throw notFound(repo, ref);
            }
        } else {
            throw notFound(repo, ref);
        }
        return new Resolved(applyModifiers(c, repo, commit, modifiers, ref), stagingBranch);
    }

    /** The commit a ref names, ignoring staged changes. */
    Commit commitOf(Connection c, String repo, String ref) throws SQLException {
        return resolve(c, repo, ref).commit();
    }

    private Commit applyModifiers(Connection c, String repo, Commit commit, String modifiers, String ref)
            throws SQLException {
        Matcher m = MODIFIER.matcher(modifiers);
        int pos = 0;
        while (pos < modifiers.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new LakeInvalidArgumentException("ref '" + ref + "' has a bad modifier '" + modifiers.substring(pos)
                        + "': use ~N for the N-th first-parent ancestor or ^N for the N-th parent");
            }
            int n = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
            if (m.group(1).equals("~")) {
                for (int i = 0; i < n; i++) {
                    commit = parent(c, repo, commit, 1, ref);
                }
            } else if (n > 0) {
                commit = parent(c, repo, commit, n, ref);
            }
            pos = m.end();
        }
        return commit;
    }

    private Commit parent(Connection c, String repo, Commit commit, int number, String ref) throws SQLException {
        if (commit.parents().size() < number) {
            throw new LakeNotFoundException("ref '" + ref + "' goes past the history: commit " + commit.id()
                    + " has " + commit.parents().size() + " parent(s)");
        }
        return commits.require(c, repo, commit.parents().get(number - 1));
    }

    private static int firstModifier(String ref) {
        for (int i = 0; i < ref.length(); i++) {
            char ch = ref.charAt(i);
            if (ch == '~' || ch == '^') {
                return i;
            }
        }
        return ref.length();
    }

    private static LakeNotFoundException notFound(String repo, String ref) {
        return new LakeNotFoundException("ref '" + ref + "' not found in repository '" + repo
                + "': it is neither a branch nor a commit id");
    }
}
