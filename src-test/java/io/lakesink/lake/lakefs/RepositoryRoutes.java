package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.Config;
import io.lakefs.clients.sdk.model.RefList;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakefs.clients.sdk.model.RepositoryList;
import io.lakefs.clients.sdk.model.ResetCreation;
import io.lakefs.clients.sdk.model.StorageConfig;
import io.lakefs.clients.sdk.model.VersionConfig;
import io.lakesink.lake.Branch;
import io.lakesink.lake.Page;
import io.lakesink.lake.PageRequest;
import io.lakesink.lake.Repository;
import io.lakesink.lake.embedded.EmbeddedLake;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The server's configuration, repositories and branches (including reset and hard reset). */
final class RepositoryRoutes {
    private static final Pattern NAMESPACE = Pattern.compile("^(s3|gs|https?|mem|local|transient)://.*$");

    private final EmbeddedLake lake;
    private final ServerModels models;
    private final boolean presign;
    private final Map<String, String> namespaces = new ConcurrentHashMap<>();

    RepositoryRoutes(EmbeddedLake lake, ServerModels models, boolean presign) {
        this.lake = lake;
        this.models = models;
        this.presign = presign;
    }

    void register(Router r) {
        r.add("GET", "/config", this::config);
        r.add("GET", "/repositories", this::listRepositories);
        r.add("POST", "/repositories", this::createRepository);
        r.add("GET", "/repositories/{repository}", ex -> ex.json(200, repository(lake.getRepository(ex.path("repository")))));
        r.add("DELETE", "/repositories/{repository}", ex -> {
            lake.deleteRepository(ex.path("repository"));
            namespaces.remove(ex.path("repository"));
            ex.noContent();
        });
        r.add("GET", "/repositories/{repository}/branches", this::listBranches);
        r.add("POST", "/repositories/{repository}/branches", this::createBranch);
        r.add("GET", "/repositories/{repository}/branches/{branch}",
                ex -> ex.json(200, models.ref(lake.getBranch(ex.path("repository"), ex.path("branch")))));
        r.add("DELETE", "/repositories/{repository}/branches/{branch}", ex -> {
            lake.deleteBranch(ex.path("repository"), ex.path("branch"));
            ex.noContent();
        });
        r.add("PUT", "/repositories/{repository}/branches/{branch}", this::resetBranch);
        r.add("PUT", "/repositories/{repository}/branches/{branch}/hard_reset", this::hardReset);
    }

    private void config(ApiExchange ex) {
        StorageConfig storage = new StorageConfig().blockstoreType("local")
                .blockstoreNamespaceExample("local://example-bucket/").blockstoreNamespaceValidityRegex("^local://")
                .defaultNamespacePrefix("local://").preSignSupport(presign).preSignSupportUi(false)
                .importSupport(false).importValidityRegex("^local://");
        ex.json(200, new Config().storageConfig(storage).versionConfig(new VersionConfig().version("1.53.1-test")));
    }

    private void listRepositories(ApiExchange ex) {
        PageRequest page = Paging.of(ex);
        String prefix = ex.query("prefix") == null ? "" : ex.query("prefix");
        List<Repository> after = lake.listRepositories().stream()
                .filter(x -> x.name().startsWith(prefix) && x.name().compareTo(page.after()) > 0)
                .limit(page.amount() + 1L).toList();
        Page<Repository> p = Page.of(after, page.amount(), Repository::name);
        ex.json(200, new RepositoryList().results(p.items().stream().map(this::repository).toList())
                .pagination(ServerModels.pagination(p, page.amount())));
    }

    /**
     * lakeFS needs a storage namespace for every repository. The embedded lake keeps each repository's bytes under
     * its own directory, which this server shows as {@code local://<name>}: other namespaces are refused here.
     */
    private void createRepository(ApiExchange ex) {
        RepositoryCreation creation = ModelJson.read(ex.bodyText(), RepositoryCreation.class);
        String ns = creation.getStorageNamespace();
        if (!NAMESPACE.matcher(ns).matches()) {
            throw new ProtocolViolation("storage_namespace '" + ns + "' does not match "
                    + NAMESPACE.pattern());
        }
        if (!ns.equals(LocalBlockstore.SCHEME + creation.getName())) {
            throw new ProtocolViolation("this test server keeps repository '" + creation.getName() + "' at "
                    + LocalBlockstore.SCHEME + creation.getName() + ", not at " + ns);
        }
        if (ex.queryFlag("bare")) {
            throw new ProtocolViolation("bare repositories are not served by this test server");
        }
        String defaultBranch = creation.getDefaultBranch() == null ? "main" : creation.getDefaultBranch();
        Repository created = lake.createRepository(creation.getName(), defaultBranch);
        namespaces.put(created.name(), ns);
        ex.json(201, repository(created));
    }

    private void listBranches(ApiExchange ex) {
        PageRequest page = Paging.of(ex);
        if (ex.query("prefix") != null && !ex.query("prefix").isEmpty()) {
            throw new ProtocolViolation("branch listing by prefix is not served by this test server");
        }
        Page<Branch> p = lake.listBranches(ex.path("repository"), page);
        ex.json(200, new RefList().results(p.items().stream().map(models::ref).toList())
                .pagination(ServerModels.pagination(p, page.amount())));
    }

    /** lakeFS answers a new branch with its commit id as plain text. */
    private void createBranch(ApiExchange ex) {
        BranchCreation creation = ModelJson.read(ex.bodyText(), BranchCreation.class);
        Branch b = lake.createBranch(ex.path("repository"), creation.getName(), creation.getSource());
        ex.text(201, "text/html", b.commitId());
    }

    private void resetBranch(ApiExchange ex) {
        ResetCreation reset = ModelJson.read(ex.bodyText(), ResetCreation.class);
        String repo = ex.path("repository");
        String branch = ex.path("branch");
        switch (reset.getType()) {
            case RESET -> lake.resetUncommitted(repo, branch);
            case OBJECT -> lake.resetUncommitted(repo, branch, requirePath(reset), false);
            case COMMON_PREFIX -> lake.resetUncommitted(repo, branch, requirePath(reset), true);
        }
        ex.noContent();
    }

    /**
     * {@code Graveler.ResetHard} ({@code pkg/graveler/graveler.go}, v1.53.1) refuses a branch only when its sealed
     * staging tokens hold changes (a commit in flight; then 400 "&lt;branch&gt;: uncommitted changes (dirty branch)").
     * Checking the branch's own staged changes is a TODO there, so a branch with uncommitted changes is moved and keeps
     * them staged on top of the new head. The embedded lake refuses a dirty branch, so the changes are taken off and
     * staged again around the move. The ref is resolved first, so an unknown one is 404 and moves nothing.
     */
    private void hardReset(ApiExchange ex) {
        String repo = ex.path("repository");
        String branch = ex.path("branch");
        lake.getBranch(repo, branch);
        String target = lake.getCommit(repo, ex.requiredQuery("ref")).id();
        StagedChanges staged = StagedChanges.takeOff(lake, repo, branch);
        try {
            lake.hardReset(repo, branch, target);
        } finally {
            staged.putBack(lake, repo, branch);
        }
        ex.noContent();
    }

    private static String requirePath(ResetCreation reset) {
        if (reset.getPath() == null) {
            throw new ProtocolViolation("reset of type " + reset.getType().getValue() + " needs a path");
        }
        return reset.getPath();
    }

    private io.lakefs.clients.sdk.model.Repository repository(Repository r) {
        return models.repository(r, namespaces.getOrDefault(r.name(), LocalBlockstore.SCHEME + r.name()));
    }
}
