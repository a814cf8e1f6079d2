package io.lakesink.cli;

import io.lakesink.lake.Branch;
import io.lakesink.lake.Change;
import io.lakesink.lake.Commit;
import io.lakesink.lake.LakeIntegrityException;
import io.lakesink.lake.ObjectStats;
import io.lakesink.lake.Pages;
import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Read every object of a ref (or of every branch head) and compare its bytes with the checksum"
                + " the lake recorded. Exit 0 when all are intact, 1 when any is damaged or missing.",
                "Progress goes to standard error, the summary and each damaged object to standard output."})
final class VerifyCommand extends LakeCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "REF",
            description = "Branch, commit or ref to verify; default: the connector's main branch.")
    String ref;

    @Option(names = "--all", description = "Verify the head of every branch instead of one ref.")
    boolean all;

    @Option(names = "--history", description = "Also every object of every commit reachable from the ref(s): what a"
            + " rollback or revert could bring back, not only what the heads hold now.")
    boolean history;

    /**
     * The objects to read at {@code ref}: everything it shows, or for a commit of the history only what it added or
     * changed against its first parent (the parent is verified itself), so the cost follows the changes.
     */
    private static List<ObjectStats> objectsOf(SinkBranches b, String ref, boolean ofHistory) {
        Commit c = ofHistory ? b.lake().getCommit(b.repository(), ref) : null;
        if (c != null && !c.parents().isEmpty()) {
            List<ObjectStats> changed = new ArrayList<>();
            for (Change ch : Pages.all(p -> b.lake().diff(b.repository(), c.parents().get(0), c.id(), "", p))) {
                if (ch.type() != Change.Type.REMOVED) {
                    changed.add(b.lake().statObject(b.repository(), c.id(), ch.path()));
                }
            }
            return changed;
        }
        return Pages.all(p -> b.lake().listObjects(b.repository(), ref, "", p));
    }

    @Override
    void run(SinkBranches b) {
        if (all && ref != null) {
            throw new IllegalArgumentException("give a REF or --all, not both");
        }
        List<String> refs = all
                ? Pages.all(p -> b.lake().listBranches(b.repository(), p)).stream().map(Branch::name).toList()
                : List.of(ref == null ? b.main() : ref);
        ObjectVerifier verifier = new ObjectVerifier(b.lake(), b.repository());
        PrintWriter out = out();
        PrintWriter err = err();
        Map<ObjectVerifier.Verdict, Integer> counts = new EnumMap<>(ObjectVerifier.Verdict.class);
        Map<String, String> problems = new LinkedHashMap<>();
        // branches share most of their objects: each stored file is read once, whichever ref reaches it first
        Set<String> seen = new HashSet<>();
        long bytes = 0;
        List<String> targets = new ArrayList<>(refs);
        if (history) {
            Set<String> commits = new java.util.LinkedHashSet<>();
            for (String r : refs) {
                Pages.all(p -> b.lake().log(b.repository(), r, p)).forEach(c -> commits.add(c.id()));
            }
            targets.addAll(commits);
        }
        for (int t = 0; t < targets.size(); t++) {
            String r = targets.get(t);
            List<ObjectStats> objects = new ArrayList<>();
            for (ObjectStats o : objectsOf(b, r, t >= refs.size())) {
                if (seen.add(o.physicalAddress() + " " + o.checksum())) {
                    objects.add(o);
                }
            }
            for (int i = 0; i < objects.size(); i++) {
                ObjectStats o = objects.get(i);
                ObjectVerifier.Outcome outcome = verifier.verify(r, o);
                counts.merge(outcome.verdict(), 1, Integer::sum);
                if (outcome.detail() != null) {
                    problems.put(r + " " + o.path(), outcome.verdict().name().toLowerCase() + ": " + outcome.detail());
                }
                bytes += o.sizeBytes();
                if ((i + 1) % 100 == 0 || i + 1 == objects.size()) {
                    err.printf("  %s: verified %d/%d objects%n", r, i + 1, objects.size());
                    err.flush();
                }
            }
        }
        problems.values().forEach(out::println);
        int damaged = counts.getOrDefault(ObjectVerifier.Verdict.DAMAGED, 0)
                + counts.getOrDefault(ObjectVerifier.Verdict.MISSING, 0);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        out.println("Verified " + total + " object(s), " + bytes + " bytes, of " + String.join(", ", refs)
                + (history ? " and " + (targets.size() - refs.size()) + " commit(s) of their history" : "") + ": "
                + counts.getOrDefault(ObjectVerifier.Verdict.INTACT, 0) + " intact, "
                + counts.getOrDefault(ObjectVerifier.Verdict.DAMAGED, 0) + " damaged, "
                + counts.getOrDefault(ObjectVerifier.Verdict.MISSING, 0) + " missing, "
                + counts.getOrDefault(ObjectVerifier.Verdict.UNVERIFIABLE, 0) + " without a comparable checksum.");
        out.flush();
        if (damaged > 0) {
            throw new LakeIntegrityException(damaged + " of " + total + " object(s) are damaged or missing; see"
                    + " docs/operations.md, \"Damaged lake\", to restore them");
        }
    }
}
