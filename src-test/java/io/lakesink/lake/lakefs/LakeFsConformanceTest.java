package io.lakesink.lake.lakefs;

import io.lakesink.lake.LakeFixture;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LinkRequest;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLakeConformanceTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance suite plus what only lakeFS does, on every lakeFS the tests reach: the test server
 * ({@link LakeFsLakeConformanceTest}) and a real one in Docker ({@link RealLakeFsConformanceTest}). lakeFS (1.22 and
 * newer) signs each physical address for the repository, branch and path it was asked for.
 */
abstract class LakeFsConformanceTest extends VersionedLakeConformanceTest {

    @Test
    void anAddressLinkedToAnotherPathIsRefusedNamingTheRule() {
        UploadedObject u = uploaded("main", "asked");
        LakeInvalidArgumentException e = assertThrows(LakeInvalidArgumentException.class,
                () -> lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("other", u)));
        assertTrue(e.getMessage().contains("issued for another path/branch (lakeFS signs link addresses"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'other'"), e.getMessage());
        assertEquals(List.of(), fx.uncommitted("main"), "nothing is staged");
    }

    @Test
    void anAddressLinkedOnAnotherBranchIsRefused() {
        lake.createBranch(REPO, "ingest", "main");
        UploadedObject u = uploaded("main", "p");
        LakeInvalidArgumentException e = assertThrows(LakeInvalidArgumentException.class,
                () -> lake.linkPhysicalAddress(REPO, "ingest", LinkRequest.of("p", u)));
        assertTrue(e.getMessage().contains("another path/branch"), e.getMessage());
        assertThrows(LakeNotFoundException.class, () -> lake.statObject(REPO, "ingest", "p"));
        lake.linkPhysicalAddress(REPO, "main", LinkRequest.of("p", u));
        assertEquals("bytes", fx.read("main", "p"), "where it was asked for, the same address links");
    }

    @Test
    void anAddressIsHandedOutForABranchThatDoesNotExistYet() {
        // lakeFS's getPhysicalAddress looks the repository up, not the branch: it only signs the branch's name
        UploadedObject u = uploaded("later", "p");
        assertThrows(LakeNotFoundException.class, () -> lake.linkPhysicalAddress(REPO, "later", LinkRequest.of("p", u)));
        lake.createBranch(REPO, "later", "main");
        lake.linkPhysicalAddress(REPO, "later", LinkRequest.of("p", u));
        assertEquals("bytes", fx.read("later", "p"));
    }

    @Test
    void anAddressIsSignedAndMustBeLinkedWithinSixHours() {
        Instant before = Instant.now();
        PhysicalAddress a = lake.getPhysicalAddress(REPO, "main", "p");
        assertTrue(a.address().matches(".*/data/[0-9a-v]{20}/[0-9a-v]{20},[A-Za-z0-9_-]+$"), a.address());
        Duration left = Duration.between(before, a.expiresAt());
        assertTrue(left.compareTo(Duration.ofHours(6)) <= 0 && left.compareTo(Duration.ofMinutes(350)) > 0,
                "the link deadline is lakeFS's 6 h less a margin, not " + left);
    }

    private UploadedObject uploaded(String branch, String path) {
        return lake.writePhysical(REPO, lake.getPhysicalAddress(REPO, branch, path), LakeFixture.stream("bytes"));
    }
}
