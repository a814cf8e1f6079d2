package io.lakesink.commit;

import io.lakesink.commit.event.DataFile;
import io.lakesink.lake.PhysicalAddress;
import io.lakesink.lake.UploadedObject;
import io.lakesink.lake.VersionedLake;
import io.lakesink.write.ClosedFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Uploads a finished local file to a fresh physical address of the lake; the coordinator links it later. */
public final class FileUploader {
    private final VersionedLake lake;
    private final String repository;
    private final String branch;

    public FileUploader(VersionedLake lake, String repository, String branch) {
        this.lake = lake;
        this.repository = repository;
        this.branch = branch;
    }

    public DataFile upload(ClosedFile file) {
        PhysicalAddress address = lake.getPhysicalAddress(repository, branch, file.lakePath());
        UploadedObject uploaded;
        try (InputStream in = Files.newInputStream(file.file().path())) {
            uploaded = lake.writePhysical(repository, address, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read finished file " + file.file().path(), e);
        }
        try {
            Files.deleteIfExists(file.file().path());
        } catch (IOException ignored) {
            // the local copy is only a leftover once uploaded
        }
        return new DataFile(file.lakePath(), uploaded.physicalAddress(), uploaded.sizeBytes(), uploaded.checksum(),
                file.topicPartition().topic(), file.topicPartition().partition(), file.file().records(),
                file.file().maxTimestamp().orElse(DataFile.NO_TIMESTAMP));
    }
}
