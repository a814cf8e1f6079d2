package io.lakesink.lake.embedded;

import io.lakesink.lake.Branch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded lake's garbage collection, as lakeFS's: an object's bytes are deleted once no retained commit refers
 * to them. Retained are every branch head and every commit made within the retention period (reachable or not);
 * staged changes and addresses waiting to be linked are kept too, and so is any file younger than the retention
 * period. Commits older than that keep their metadata but may lose their objects: reading or restoring them
 * (a rollback to them) then fails with not found. Runs inside the write transaction, so no commit or link can
 * start to refer to a file while it is being deleted.
 */
final class ObjectCollector {
    private final ObjectFiles files;
    private final Tree tree;
    private final StagingTable staging;
    private final BranchTable branches;
    private final UnlinkedAddressTable unlinked;

    ObjectCollector(ObjectFiles files, Tree tree, StagingTable staging, BranchTable branches,
                    UnlinkedAddressTable unlinked) {
        this.files = files;
        this.tree = tree;
        this.staging = staging;
        this.branches = branches;
        this.unlinked = unlinked;
    }

    GarbageReport collect(Connection c, String repo, long cutoffMs, boolean dryRun) throws SQLException {
        // oldest first, so each tree is diffed against a near neighbour and shared ranges are skipped
        List<String> metaRanges = Sql.query(c, "SELECT DISTINCT meta_range_id FROM commits WHERE repo = ? AND"
                + " (created_ms >= ? OR id IN (SELECT commit_id FROM branches WHERE repo = ?))"
                + " ORDER BY generation, created_ms", rs -> rs.getString(1), repo, cutoffMs, repo);
        int retained = Sql.one(c, "SELECT count(*) FROM commits WHERE repo = ? AND (created_ms >= ? OR id IN"
                + " (SELECT commit_id FROM branches WHERE repo = ?))", rs -> rs.getInt(1), repo, cutoffMs, repo);
        Set<String> keep = new HashSet<>();
        String previous = tree.emptyMetaRange(c, repo);
        for (String metaRange : new LinkedHashSet<>(metaRanges)) {
            for (EntryDiff d : tree.diff(c, repo, previous, metaRange)) {
                if (d.right() != null) {
                    keep.add(files.toAddress(repo, d.right().address()));
                }
            }
            previous = metaRange;
        }
        int referenced = keep.size();
        for (Branch b : branches.list(c, repo, "", Integer.MAX_VALUE)) {
            for (Update u : staging.all(c, repo, b.name())) {
                if (!u.isRemoval()) {
                    keep.add(files.toAddress(repo, u.entry().address()));
                }
            }
        }
        List<String> unreferenced = new ArrayList<>();
        long bytes = 0;
        Path dir = files.repositoryDir(repo);
        Path data = dir.resolve("data");
        if (Files.isDirectory(data)) {
            try (Stream<Path> walk = Files.walk(data)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String address = dir.relativize(p).toString().replace('\\', '/');
                    if (keep.contains(address) || unlinked.contains(c, repo, address)
                            || Files.getLastModifiedTime(p).toMillis() >= cutoffMs) {
                        continue;
                    }
                    unreferenced.add(address);
                    bytes += Files.size(p);
                }
            } catch (IOException e) {
                throw new io.lakesink.lake.LakeUnavailableException("could not list " + data + ": " + e, e);
            }
        }
        if (!dryRun) {
            unreferenced.forEach(a -> files.delete(repo, a));
        }
        return new GarbageReport(retained, referenced, unreferenced, bytes, dryRun);
    }
}
