package io.lakesink.check;

import io.lakesink.offsets.CommitMetadata;
import io.lakesink.offsets.OffsetMap;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LocalCopies;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Page;
import io.lakesink.lake.PageRequest;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;
import io.lakesink.sql.SqlLimits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link CheckContext} over a lake: the Parquet files {@code toCommit} adds relative to {@code fromRef}, grouped
 * by topic from their path ({@code <topics.dir>/<topic>/...}). Objects whose bytes are local files are given as
 * they are; others are downloaded into {@code scratch} once.
 */
public final class LakeCheckContext implements CheckContext {
    /** Enough entries to find a Parquet file past the odd other object without listing the whole topic. */
    private static final int SAMPLE_PAGE = 10;

    private final VersionedLake lake;
    private final String repository;
    private final Commit commit;
    private final String mainCommitId;
    private final String topicsDir;
    private final Path scratch;
    private final SqlLimits sqlLimits;
    private final ConnectorTopics connectorTopics;
    private final MainLastFiles mainLastFiles;
    private final Map<String, List<String>> newPathsByTopic = new TreeMap<>();

    public LakeCheckContext(VersionedLake lake, String repository, String fromRef, Commit toCommit,
                            String mainCommitId, String topicsDir, Path scratch, SqlLimits sqlLimits,
                            ConnectorTopics connectorTopics) {
        this(lake, repository, fromRef, toCommit, mainCommitId, topicsDir, scratch, sqlLimits, connectorTopics,
                new MainLastFiles());
    }

    /**
     * @param mainLastFiles main's last file of each topic as earlier runs saw it (one per publisher), so that
     *                      {@link #lastMainFile} follows main by its diff instead of listing it each time
     */
    public LakeCheckContext(VersionedLake lake, String repository, String fromRef, Commit toCommit,
                            String mainCommitId, String topicsDir, Path scratch, SqlLimits sqlLimits,
                            ConnectorTopics connectorTopics, MainLastFiles mainLastFiles) {
        this.mainLastFiles = mainLastFiles;
        this.lake = lake;
        this.repository = repository;
        this.commit = toCommit;
        this.mainCommitId = mainCommitId;
        this.topicsDir = topicsDir;
        this.scratch = scratch;
        this.sqlLimits = sqlLimits;
        this.connectorTopics = connectorTopics;
        for (Change change : Pages.all(p -> lake.diff(repository, fromRef, toCommit.id(), topicsDir + "/", p))) {
            String topic = topicOf(change.path());
            if (change.type() != Change.Type.REMOVED && topic != null && change.path().endsWith(".parquet")) {
                newPathsByTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(change.path());
            }
        }
    }

    @Override
    public String repository() {
        return repository;
    }

    @Override
    public String commitId() {
        return commit.id();
    }

    @Override
    public String mainCommitId() {
        return mainCommitId;
    }

    @Override
    public Map<String, String> commitMetadata() {
        return commit.metadata();
    }

    @Override
    public OffsetMap offsets() {
        return CommitMetadata.offsetsOf(commit);
    }

    @Override
    public List<String> topics() {
        return List.copyOf(newPathsByTopic.keySet());
    }

    @Override
    public List<Path> newFiles(String topic) {
        List<Path> files = new ArrayList<>();
        for (String path : newPathsByTopic.getOrDefault(topic, List.of())) {
            files.add(LocalCopies.of(lake, repository, commit.id(), lake.statObject(repository, commit.id(), path),
                    scratch));
        }
        return files;
    }

    @Override
    public List<Path> mainFiles(String topic) {
        return mainParquet(topic).stream().map(o -> LocalCopies.of(lake, repository, mainCommitId, o, scratch))
                .toList();
    }

    /**
     * Only the last file is fetched; main's paths are listed the first time and followed by their diff from then
     * on ({@link MainLastFiles}).
     */
    @Override
    public Optional<Path> lastMainFile(String topic) {
        return mainLastFiles.last(lake, repository, mainCommitId, topicsDir + "/" + topic + "/")
                .map(o -> LocalCopies.of(lake, repository, mainCommitId, o, scratch));
    }

    private List<ObjectStats> mainParquet(String topic) {
        return Pages.all(p -> lake.listObjects(repository, mainCommitId, topicsDir + "/" + topic + "/", p)).stream()
                .filter(o -> o.path().endsWith(".parquet")).toList();
    }

    @Override
    public Path scratch() {
        return scratch;
    }

    @Override
    public SqlLimits sqlLimits() {
        return sqlLimits;
    }

    /** The first Parquet file under the topic's directory on main: a listing of one short page, however big main is. */
    @Override
    public Optional<Path> columnsSample(String topic) {
        Page<ObjectStats> page = lake.listObjects(repository, mainCommitId, topicsDir + "/" + topic + "/",
                PageRequest.first(SAMPLE_PAGE));
        return page.items().stream().filter(o -> o.path().endsWith(".parquet")).findFirst()
                .map(o -> LocalCopies.of(lake, repository, mainCommitId, o, scratch));
    }

    @Override
    public boolean isConnectorTopic(String name) {
        return connectorTopics.contains(name) || newPathsByTopic.containsKey(name);
    }

    @Override
    public List<String> newObjectPaths() {
        return newPathsByTopic.values().stream().flatMap(List::stream).sorted().toList();
    }

    private String topicOf(String path) {
        String rest = path.substring(topicsDir.length() + 1);
        int slash = rest.indexOf('/');
        return slash <= 0 ? null : rest.substring(0, slash);
    }
}
