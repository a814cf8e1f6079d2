package io.lakesink.cli;

import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "ls", mixinStandardHelpOptions = true, description = "Objects of a ref under a prefix.")
final class LsCommand extends LakeCommand {

    @Parameters(index = "0", paramLabel = "REF")
    String ref;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PREFIX", defaultValue = "")
    String prefix;

    @Option(names = "--json", description = "JSON output for scripts.")
    boolean json;

    @Override
    void run(SinkBranches b) {
        List<ObjectStats> objects = Pages.all(p -> b.lake().listObjects(b.repository(), ref, prefix, p));
        if (json) {
            Output.json(out(), objects.stream().map(o -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", o.path());
                m.put("size", o.sizeBytes());
                m.put("mtime", o.mtime().toString());
                m.put("checksum", o.checksum());
                return m;
            }).toList());
            return;
        }
        Output.table(out(), List.of("SIZE", "MODIFIED", "PATH"), objects.stream()
                .map(o -> List.of(Long.toString(o.sizeBytes()), o.mtime().toString(), o.path())).toList());
    }
}
