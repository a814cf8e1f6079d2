package io.lakesink.lake.lakefs;

import com.google.gson.Gson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * lakeFS's signed link addresses, as {@code pkg/catalog/catalog.go} (v1.53.1) makes and checks them. Since lakeFS 1.22
 * {@code GetAddressWithSignature} hands out {@code data/<partition>/<xid>,<signature>}, the signature an HMAC-SHA256
 * (base64url, no padding) over the repository, branch, path and address it was issued for; {@code VerifyLinkAddress}
 * refuses a link of that address anywhere else, and once the address is older than {@code LinkAddressTime} (6 h),
 * reading its age from the xid ({@code pkg/upload/path_provider.go}). The clock is injectable so that a test can
 * move time past the expiry.
 */
final class LinkAddressSigner {
    /** {@code catalog.LinkAddressTime} in lakeFS 1.53.1. */
    static final Duration LINK_ADDRESS_TIME = Duration.ofHours(6);
    /** {@code catalog.LinkAddressSigningDelimiter}. */
    private static final String DELIMITER = ",";
    private static final Gson GSON = new Gson();

    private final byte[] signingKey = new byte[32];
    private final Clock clock;

    LinkAddressSigner(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(signingKey);
    }

    Instant now() {
        return clock.instant();
    }

    /** A new relative address ({@code data/<partition>/<xid>,<signature>}) bound to where it may be linked. */
    String issue(String repository, String branch, String path) {
        Instant now = clock.instant();
        // lakeFS's partition is a descending xid that changes every hour; any directory level does for the server
        String address = "data/" + Xid.newId(Instant.ofEpochSecond(64_060_588_800L - now.getEpochSecond()))
                + "/" + Xid.newId(now);
        return address + DELIMITER + sign(repository, branch, path, address);
    }

    /**
     * {@code VerifyLinkAddress}: the checks and, word for word, the errors lakeFS answers (400 through
     * {@code handleAPIErrorCallback} in {@code pkg/api/controller.go}: {@code ErrLinkAddressInvalid},
     * {@code ErrLinkAddressExpired} and {@code block.ErrInvalidAddress} are bad requests).
     */
    void verify(String repository, String branch, String path, String signedAddress) {
        int idx = signedAddress.lastIndexOf(DELIMITER);
        if (idx < 0) {
            throw new LakeFsApiError(400, "address is not signed: link address invalid");
        }
        String address = signedAddress.substring(0, idx);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signedAddress.substring(idx + 1));
        } catch (IllegalArgumentException e) {
            throw new LakeFsApiError(400, "malformed address signature: " + json(repository, branch, path, address)
                    + ": link address invalid");
        }
        if (!MessageDigest.isEqual(hmac(json(repository, branch, path, address)), given)) {
            throw new LakeFsApiError(400, "invalid address signature: invalid address");
        }
        Instant created = Xid.timeOf(address.substring(address.lastIndexOf('/') + 1));
        if (created == null) {
            // ResolvePathTime's xid parse error is no typed error: lakeFS answers it as an internal error
            throw new LakeFsApiError(500, "xid: invalid ID");
        }
        if (Duration.between(created, clock.instant()).compareTo(LINK_ADDRESS_TIME) > 0) {
            throw new LakeFsApiError(400, "link address expired");
        }
    }

    private String sign(String repository, String branch, String path, String address) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(json(repository, branch, path, address)));
    }

    /** {@code getAddressJSON}: the four fields, in this order, with Go's field names. */
    private static String json(String repository, String branch, String path, String address) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Repository", repository);
        fields.put("Branch", branch);
        fields.put("Path", path);
        fields.put("PhysicalAddress", address);
        return GSON.toJson(fields);
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
