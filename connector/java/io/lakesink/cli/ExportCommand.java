package io.lakesink.cli;

import io.lakesink.lake.LakeNames;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Copy a ref's objects (under a prefix) into a local directory, keeping their paths.")
final class ExportCommand extends LakeCommand {

    @Parameters(index = "0", paramLabel = "REF")
    String ref;

    @Parameters(index = "1", paramLabel = "DIR")
    Path dir;

    @Option(names = "--prefix", defaultValue = "", description = "Only objects under this prefix.")
    String prefix;

    @Override
    void run(SinkBranches b) {
        List<ObjectStats> objects = Pages.all(p -> b.lake().listObjects(b.repository(), ref, prefix, p));
        PrintWriter err = err();
        Path root = dir.toAbsolutePath().normalize();
        long bytes = 0;
        for (int i = 0; i < objects.size(); i++) {
            ObjectStats o = objects.get(i);
            Path target = root.resolve(LakeNames.path(o.path())).normalize();
            if (!target.startsWith(root)) {
                throw new IllegalArgumentException("object path " + o.path() + " would leave " + root);
            }
            bytes += copy(b, o, target);
            if ((i + 1) % 100 == 0 || i + 1 == objects.size()) {
                err.printf("  exported %d/%d objects (%d bytes)%n", i + 1, objects.size(), bytes);
                err.flush();
            }
        }
        out().println("Exported " + objects.size() + " object(s), " + bytes + " bytes of " + ref
                + " to " + root);
    }

    /**
     * Copies under a temporary name and renames only when the lake has served every byte: a damaged object (the
     * lake refuses its last bytes) or a failed read leaves no file that looks exported.
     */
    private long copy(SinkBranches b, ObjectStats o, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (InputStream in = b.lake().getObject(b.repository(), ref, o.path())) {
            Files.createDirectories(target.getParent());
            long n = Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export " + o.path() + " to " + target, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the partial file's name already says it is not an export
            }
        }
    }
}
