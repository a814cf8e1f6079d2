package io.lakesink.lake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Small helpers over a {@link VersionedLake} for tests: string objects, whole listings, whole logs. */
public final class LakeFixture {
    private final VersionedLake lake;
    private final String repo;

    public LakeFixture(VersionedLake lake, String repo) {
        this.lake = lake;
        this.repo = repo;
    }

    public ObjectStats put(String branch, String path, String content) {
        return lake.putObject(repo, branch, path, stream(content), "text/plain");
    }

    public String read(String ref, String path) {
        try (InputStream in = lake.getObject(repo, ref, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Commit commit(String branch, String message) {
        return lake.commit(repo, branch, CommitRequest.of(message));
    }

    public List<String> paths(String ref, String prefix) {
        return all(page -> lake.listObjects(repo, ref, prefix, page)).stream().map(ObjectStats::path).toList();
    }

    public List<Commit> log(String ref) {
        return all(page -> lake.log(repo, ref, page));
    }

    public List<Change> diff(String left, String right) {
        return all(page -> lake.diff(repo, left, right, "", page));
    }

    public List<Change> uncommitted(String branch) {
        return all(page -> lake.diffUncommitted(repo, branch, "", page));
    }

    /** Every item of a paged listing, following {@code nextOffset} until {@code hasMore} is false. */
    public static <T> List<T> all(Function<PageRequest, Page<T>> listing) {
        return Pages.all(listing);
    }

    /** Every page of a listing asked for {@code amount} items at a time. */
    public static <T> List<Page<T>> pages(int amount, Function<PageRequest, Page<T>> listing) {
        List<Page<T>> out = new ArrayList<>();
        PageRequest request = PageRequest.first(amount);
        while (true) {
            Page<T> page = listing.apply(request);
            out.add(page);
            if (!page.hasMore()) {
                return out;
            }
            request = request.next(page);
        }
    }

    public static <T, R> List<R> items(List<Page<T>> pages, Function<T, R> field) {
        return pages.stream().flatMap(p -> p.items().stream()).map(field).toList();
    }

    public static InputStream stream(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
