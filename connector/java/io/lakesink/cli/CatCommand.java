package io.lakesink.cli;

import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

@Command(name = "cat", mixinStandardHelpOptions = true, description = "Write one object's bytes to standard output.")
final class CatCommand extends LakeCommand {

    @Parameters(index = "0", paramLabel = "REF")
    String ref;

    @Parameters(index = "1", paramLabel = "PATH")
    String path;

    @Override
    void run(SinkBranches b) {
        // bytes, not text: straight to the process's standard output
        try (InputStream in = b.lake().getObject(b.repository(), ref, path)) {
            in.transferTo(System.out);
            System.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
