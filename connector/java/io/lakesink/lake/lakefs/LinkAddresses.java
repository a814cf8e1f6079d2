package io.lakesink.lake.lakefs;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * lakeFS's rules for the physical addresses it hands out to be linked later (lakeFS 1.22 and newer; read from
 * {@code pkg/catalog/catalog.go} of 1.53.1). An address is {@code <namespace>/data/<partition>/<xid>,<signature>}: the
 * signature binds it to the repository, branch and path it was asked for, and lakeFS refuses to link it anywhere
 * else; it refuses it, too, once it is older than {@code LinkAddressTime}, telling the age from the xid's timestamp.
 * Addresses without a signature (older lakeFS, or outside the repository's namespace) are not checked here.
 */
public final class LinkAddresses {
    /** {@code catalog.LinkAddressTime} in lakeFS 1.53.1: how long after it was handed out an address can be linked. */
    public static final Duration LINK_ADDRESS_TIME = Duration.ofHours(6);
    /** Not linked at all this close to the expiry: the link call itself takes time, and clocks differ a little. */
    static final Duration SAFETY_MARGIN = Duration.ofMinutes(1);

    static final String SIGNED_FOR_ELSEWHERE = "the address was issued for another path/branch (lakeFS signs link"
            + " addresses: link it to the branch and path it was asked for)";
    static final String NOT_ISSUED = "the address carries no valid lakeFS signature (lakeFS links only addresses it"
            + " handed out itself, signed for one repository, branch and path)";
    static final String EXPIRED = "the address expired (lakeFS accepts a link address for "
            + LINK_ADDRESS_TIME.toHours() + " h after handing it out: upload again to a new address)";

    private static final String XID_ALPHABET = "0123456789abcdefghijklmnopqrstuv";
    private static final int XID_LENGTH = 20;

    private LinkAddresses() {
    }

    /**
     * When lakeFS handed out a signed address, from the timestamp in its xid ({@code ResolvePathTime} in
     * {@code pkg/upload/path_provider.go}); null when the address is not a signed lakeFS one.
     */
    static Instant issuedAt(String physicalAddress) {
        int comma = physicalAddress == null ? -1 : physicalAddress.lastIndexOf(',');
        if (comma < 0) {
            return null;
        }
        String address = physicalAddress.substring(0, comma);
        String name = address.substring(address.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.length() != XID_LENGTH) {
            return null;
        }
        long bits = 0;
        for (int i = 0; i < 7; i++) { // 7 base32 digits: the 32 bits of seconds and 3 bits of what follows
            int digit = XID_ALPHABET.indexOf(name.charAt(i));
            if (digit < 0) {
                return null;
            }
            bits = (bits << 5) | digit;
        }
        return Instant.ofEpochSecond(bits >>> 3);
    }

    /** The last moment to link an address handed out at {@code issuedAt}. */
    static Instant linkDeadline(Instant issuedAt) {
        return issuedAt.plus(LINK_ADDRESS_TIME).minus(SAFETY_MARGIN);
    }

    /** Why lakeFS refused a link, in words that name the rule, or null when the refusal is about something else. */
    static String refusalReason(String serverMessage) {
        String m = serverMessage.toLowerCase(Locale.ROOT);
        if (m.contains("link address expired")) {
            return EXPIRED;
        }
        if (m.contains("invalid address signature")) {
            return SIGNED_FOR_ELSEWHERE;
        }
        if (m.contains("address is not signed") || m.contains("malformed address signature")) {
            return NOT_ISSUED;
        }
        return null;
    }
}
