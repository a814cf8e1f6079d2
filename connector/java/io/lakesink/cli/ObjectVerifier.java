package io.lakesink.cli;

import io.lakesink.lake.ChecksumMismatchException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.ObjectChecksums;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.VersionedLake;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one object's bytes through the lake and compares them with its recorded checksum. The embedded lake
 * checks as it serves; for a backend that does not, the digest is computed here, where the checksum is one.
 */
final class ObjectVerifier {
    enum Verdict { INTACT, DAMAGED, MISSING, UNVERIFIABLE }

    record Outcome(Verdict verdict, String detail) {
    }

    private final VersionedLake lake;
    private final String repository;

    ObjectVerifier(VersionedLake lake, String repository) {
        this.lake = lake;
        this.repository = repository;
    }

    Outcome verify(String ref, ObjectStats o) {
        String actual;
        try (InputStream in = lake.getObject(repository, ref, o.path())) {
            actual = ObjectChecksums.of(in);
        } catch (ChecksumMismatchException e) {
            return new Outcome(Verdict.DAMAGED, e.getMessage());
        } catch (LakeNotFoundException e) {
            return new Outcome(Verdict.MISSING, e.getMessage());
        } catch (IOException e) {
            return new Outcome(Verdict.DAMAGED, "object '" + o.path() + "' at ref '" + ref + "' cannot be read: " + e);
        }
        if (!ObjectChecksums.isVerifiable(o.checksum())) {
            return new Outcome(Verdict.UNVERIFIABLE, "object '" + o.path() + "' at ref '" + ref + "' has checksum '"
                    + o.checksum() + "', which is not an MD5 of its bytes (a multipart upload's ETag): read, not compared");
        }
        if (!actual.equals(o.checksum())) {
            return new Outcome(Verdict.DAMAGED,
                    new ChecksumMismatchException(o.path(), ref, o.checksum(), actual, o.physicalAddress()).getMessage());
        }
        return new Outcome(Verdict.INTACT, null);
    }
}
