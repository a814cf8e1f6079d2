package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.UploadedObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.KEY;
import static io.lakesink.lake.lakefs.LakeFsLakeConformanceTest.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lakeFS links an address for 6 h after handing it out ({@code LinkAddressTime}, {@code pkg/catalog/catalog.go}).
 * The test server's clock is moved, so hours pass in no time: forward, lakeFS refuses the link and the adapter says
 * why; backward at hand-out time, the address is already too old when the adapter gets it, and it is never sent.
 */
class LakeFsLinkAddressExpiryTest {
    private static final String REPO = "expiry";
    private static final String LINK = "^/repositories/expiry/branches/main/staging/backing$";

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();
    private LakeFsTestServer server;
    private LakeFsLake lake;
    private LakeFixture fx;

    @BeforeEach
    void start() {
        server = LakeFsTestServer.start(dir.resolve("server"), KEY, SECRET, false, clock);
        lake = LakeFsLake.open(LakeFsSettings.of(server.endpoint(), KEY, SECRET)
                .withLocalBlockstoreRoot(server.blockstoreRoot()));
        lake.createRepository(REPO, "main");
        fx = new LakeFixture(lake, REPO);
    }

    @AfterEach
    void stop() {
        lake.close();
        List<String> violations = server.violations();
        server.close();
        assertEquals(List.of(), violations);
    }

    @Test
    void anAddressJustYoungerThanSixHoursLinks() {
        UploadedObject u = uploaded("p");
        clock.advance(Duration.ofHours(6).minusMinutes(2));
        lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("p", u));
        assertEquals("bytes", fx.read("main", "p"));
    }

    @Test
    void lakeFsRefusesAnAddressOlderThanSixHoursAndTheAdapterNamesTheRule() {
        UploadedObject u = uploaded("p");
        clock.advance(Duration.ofHours(6).plusSeconds(2));
        LakeInvalidArgumentException e = assertThrows(LakeInvalidArgumentException.class,
                () -> lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("p", u)));
        assertTrue(e.getMessage().contains("lakeFS refused to link 'p' on branch 'main': the address expired (lakeFS"
                + " accepts a link address for 6 h"), e.getMessage());
        assertTrue(e.getMessage().contains("(lakeFS: link address expired)"), e.getMessage());
        assertEquals(1, server.count("PUT", LINK), "refused as a bad request: not retried");
        assertEquals(List.of(), fx.uncommitted("main"));
    }

    @Test
    void anAddressTooOldForLakeFsIsNeverSent() {
        clock.advance(Duration.ofHours(-6).minusMinutes(5)); // lakeFS handed it out over 6 h ago
        UploadedObject u = uploaded("p");
        clock.advance(Duration.ofHours(6).plusMinutes(5));
        LakeInvalidArgumentException e = assertThrows(LakeInvalidArgumentException.class,
                () -> lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("p", u)));
        assertTrue(e.getMessage().contains("not sending the link 'p' on branch 'main': the address expired"),
                e.getMessage());
        assertEquals(0, server.count("PUT", LINK));
    }

    @Test
    void anAddressTooOldForLakeFsIsNeverSentInABatchEither() {
        UploadedObject fresh = uploaded("fresh");
        clock.advance(Duration.ofHours(-7));
        UploadedObject stale = uploaded("stale");
        clock.advance(Duration.ofHours(7));
        assertThrows(LakeInvalidArgumentException.class, () -> lake.linkPhysicalAddresses(REPO, "main",
                List.of(LinkRequest.of("fresh", fresh), LinkRequest.of("stale", stale))));
        assertEquals(0, server.count("PUT", LINK), "every address is checked before any is sent");
        assertEquals(List.of(), fx.uncommitted("main"));
    }

    private UploadedObject uploaded(String path) {
        return lake.writePhysical(REPO, lake.getPhysicalAddress(REPO, "main", path), LakeFixture.stream("bytes"));
    }
}
