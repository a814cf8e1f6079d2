package io.lakesink.check;

import io.lakesink.commit.CommitMetadata;
import io.lakesink.commit.OffsetMap;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.lake.VersionedLake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link CheckContext} over a lake: the Parquet files {@code toCommit} adds relative to {@code fromRef}, grouped
 * by topic from their path ({@code <topics.dir>/<topic>/...}). Objects whose bytes are local files are given as
 * they are; others are downloaded into {@code scratch} once.
 */
public final class LakeCheckContext implements CheckContext {
    private final VersionedLake lake;
    private final String repository;
    private final Commit commit;
    private final String mainCommitId;
    private final String topicsDir;
    private final Path scratch;
    private final Map<String, List<String>> newPathsByTopic = new TreeMap<>();

    public LakeCheckContext(VersionedLake lake, String repository, String fromRef, Commit toCommit,
                            String mainCommitId, String topicsDir, Path scratch) {
        this.lake = lake;
        this.repository = repository;
        this.commit = toCommit;
        this.mainCommitId = mainCommitId;
        this.topicsDir = topicsDir;
        this.scratch = scratch;
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
            files.add(local(lake.statObject(repository, commit.id(), path)));
        }
        return files;
    }

    @Override
    public List<Path> mainFiles(String topic) {
        return Pages.all(p -> lake.listObjects(repository, mainCommitId, topicsDir + "/" + topic + "/", p)).stream()
                .filter(o -> o.path().endsWith(".parquet")).map(this::local).toList();
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

    private Path local(ObjectStats o) {
        if (o.physicalAddress().startsWith("file:")) {
            return Path.of(URI.create(o.physicalAddress()));
        }
        Path target = scratch.resolve(o.checksum() + ".parquet");
        if (!Files.exists(target)) {
            try (InputStream in = lake.getObject(repository, commit.id(), o.path())) {
                Files.createDirectories(scratch);
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot download " + o.path() + " for the checks", e);
            }
        }
        return target;
    }
}
