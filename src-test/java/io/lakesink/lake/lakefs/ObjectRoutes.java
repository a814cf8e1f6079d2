package io.lakesink.lake.lakefs;

import io.lakefs.clients.sdk.model.ObjectStatsList;
import io.lakefs.clients.sdk.model.StagingLocation;
import io.lakefs.clients.sdk.model.StagingMetadata;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Page;
import io.lakesink.lake.PageRequest;
import io.lakesink.lake.embedded.EmbeddedLake;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects: upload, read, stat, list, delete, and the staging API (signed physical addresses, presigned uploads,
 * links). Presigned URLs stand for the object store: the bytes go straight to the blockstore, past lakeFS.
 */
final class ObjectRoutes {
    static final String PRESIGNED_PREFIX = "/_presigned/";

    private final EmbeddedLake lake;
    private final ServerModels models;
    private final LocalBlockstore blockstore;
    private final boolean presign;
    private final String serverBase;
    private final LinkAddressSigner signer;
    private final Map<String, String> presigned = new ConcurrentHashMap<>();

    /** {@code serverBase} is the server's root URL (no API prefix), where presigned URLs point; {@code signer}
     * signs and checks link addresses. */
    ObjectRoutes(EmbeddedLake lake, ServerModels models, LocalBlockstore blockstore, boolean presign, String serverBase,
                 LinkAddressSigner signer) {
        this.lake = lake;
        this.models = models;
        this.blockstore = blockstore;
        this.presign = presign;
        this.serverBase = serverBase;
        this.signer = signer;
    }

    void register(Router r) {
        r.add("POST", "/repositories/{repository}/branches/{branch}/objects", this::upload);
        r.add("DELETE", "/repositories/{repository}/branches/{branch}/objects", this::delete);
        r.add("GET", "/repositories/{repository}/refs/{ref}/objects", this::get);
        r.add("GET", "/repositories/{repository}/refs/{ref}/objects/stat", ex -> ex.json(200,
                models.objectStats(lake.statObject(ex.path("repository"), ex.path("ref"), ex.requiredQuery("path")))));
        r.add("GET", "/repositories/{repository}/refs/{ref}/objects/ls", this::list);
        r.add("GET", "/repositories/{repository}/branches/{branch}/staging/backing", this::physicalAddress);
        r.add("PUT", "/repositories/{repository}/branches/{branch}/staging/backing", this::link);
    }

    /**
     * lakeFS takes the bytes either as a multipart form or as the raw body; LakeSink sends the raw body with the
     * object's content type, which lakeFS records. Forms are not served here.
     */
    private void upload(ApiExchange ex) {
        String type = ex.header("Content-Type");
        if (type != null && type.startsWith("multipart/")) {
            throw new ProtocolViolation("multipart uploads are not served by this test server");
        }
        if (ex.header("If-None-Match") != null && !"*".equals(ex.header("If-None-Match"))) {
            throw new ProtocolViolation("If-None-Match supports only '*'");
        }
        ObjectStats stats = lake.putObject(ex.path("repository"), ex.path("branch"), ex.requiredQuery("path"), ex.body(),
                type == null ? "application/octet-stream" : type);
        ex.json(201, models.objectStats(stats));
    }

    /** lakeFS answers 204 whether or not the object was there. */
    private void delete(ApiExchange ex) {
        try {
            lake.deleteObject(ex.path("repository"), ex.path("branch"), ex.requiredQuery("path"));
        } catch (LakeNotFoundException missing) {
            lake.getBranch(ex.path("repository"), ex.path("branch")); // an unknown branch is still 404
        }
        ex.noContent();
    }

    private void get(ApiExchange ex) {
        if (ex.header("Range") != null || ex.queryFlag("presign")) {
            throw new ProtocolViolation("ranges and presigned reads are not served by this test server");
        }
        String repo = ex.path("repository");
        String path = ex.requiredQuery("path");
        ObjectStats stats = lake.statObject(repo, ex.path("ref"), path);
        InputStream in = lake.getObject(repo, ex.path("ref"), path);
        ex.header("ETag", "\"" + stats.checksum() + "\"");
        ex.stream(200, "application/octet-stream", stats.sizeBytes() == 0 ? -1 : stats.sizeBytes(), in);
    }

    private void list(ApiExchange ex) {
        if (ex.query("delimiter") != null && !ex.query("delimiter").isEmpty()) {
            throw new ProtocolViolation("listing with a delimiter is not served by this test server");
        }
        PageRequest page = Paging.of(ex);
        Page<ObjectStats> p = lake.listObjects(ex.path("repository"), ex.path("ref"), ex.query("prefix"), page);
        ex.json(200, new ObjectStatsList().results(p.items().stream().map(models::objectStats).toList())
                .pagination(ServerModels.pagination(p, page.amount())));
    }

    /**
     * lakeFS's {@code GetPhysicalAddress} ({@code pkg/api/controller.go}, v1.53.1) looks the repository up but not the
     * branch: the address is only signed for the branch and path asked ({@code GetAddressWithSignature},
     * {@code pkg/catalog/catalog.go}), so an address for a branch that does not exist yet is handed out too.
     */
    private void physicalAddress(ApiExchange ex) {
        String repo = ex.path("repository");
        lake.getRepository(repo); // an unknown repository is 404
        String address = LocalBlockstore.SCHEME + repo + "/"
                + signer.issue(repo, ex.path("branch"), ex.requiredQuery("path"));
        StagingLocation location = new StagingLocation().physicalAddress(address);
        if (ex.queryFlag("presign")) {
            if (!presign) {
                throw new ProtocolViolation("presign=true asked of a blockstore whose pre_sign_support is false");
            }
            String token = UUID.randomUUID().toString();
            presigned.put(token, address);
            location.presignedUrl(serverBase + PRESIGNED_PREFIX + token)
                    .presignedUrlExpiry(signer.now().plus(Duration.ofMinutes(15)).getEpochSecond());
        }
        ex.json(200, location);
    }

    /**
     * lakeFS's {@code LinkPhysicalAddress} ({@code pkg/api/controller.go}): an address inside the repository's storage
     * namespace must carry a signature for this repository, branch and path and be younger than 6 h
     * ({@code VerifyLinkAddress}, {@code pkg/catalog/catalog.go}); the checksum is required. Linking the same address
     * to the same path again passes the same checks, so it is allowed.
     */
    private void link(ApiExchange ex) {
        String repo = ex.path("repository");
        String branch = ex.path("branch");
        String path = ex.requiredQuery("path");
        StagingMetadata md = ModelJson.read(ex.bodyText(), StagingMetadata.class);
        lake.getRepository(repo);
        String ifNoneMatch = ex.header("If-None-Match");
        if (ifNoneMatch != null && !ifNoneMatch.equals("*")) {
            throw new LakeFsApiError(400, "Unsupported value for If-None-Match - Only \"*\" is supported");
        }
        String address = md.getStaging().getPhysicalAddress();
        if (address == null) {
            throw new ProtocolViolation("staging.physical_address is required to link");
        }
        String namespace = LocalBlockstore.SCHEME + repo + "/";
        if (address.startsWith(namespace)) {
            signer.verify(repo, branch, path, address.substring(namespace.length()));
        }
        if (md.getChecksum() == null || md.getChecksum().replace("\"", "").isBlank()) {
            throw new LakeFsApiError(400, "checksum is required");
        }
        LinkRequest link = new LinkRequest(path, blockstore.toFile(address), md.getSizeBytes(), md.getChecksum(),
                md.getContentType() == null ? "application/octet-stream" : md.getContentType(), md.getUserMetadata(),
                ifNoneMatch != null);
        ex.json(200, models.objectStats(lake.linkPhysicalAddress(repo, branch, link)));
    }

    /** The object store's side of a presigned URL: a plain PUT of the bytes, answered with the ETag (MD5). */
    void presignedPut(ApiExchange ex, String token) {
        String address = presigned.remove(token);
        if (address == null) {
            ex.text(403, "application/xml", "<Error><Code>AccessDenied</Code><Message>unknown or used URL</Message></Error>");
            return;
        }
        if (ex.header("Authorization") != null) {
            throw new ProtocolViolation("a presigned upload must not carry the lakeFS Authorization header");
        }
        if (ex.header("Content-Length") == null) {
            throw new ProtocolViolation("object stores want the Content-Length of a presigned PUT");
        }
        String md5 = blockstore.write(address, ex.body());
        ex.header("ETag", "\"" + md5 + "\"");
        ex.text(200, "text/plain", "");
    }
}
