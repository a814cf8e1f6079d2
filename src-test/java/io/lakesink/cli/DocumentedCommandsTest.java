package io.lakesink.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code lakesink ...} command printed in README.md, docs/*.md and docker/README.md works as printed: it parses
 * with the CLI's own picocli model (no unknown flag, no missing required option or parameter) and, when its command
 * opens the lake, it says where the lake is (--config, --connector, or --lake-path/--lakefs-endpoint with
 * --repository): that option is not required by picocli, but without it the command fails.
 *
 * <p>A command line is a code span (which may wrap across lines) or a line of a fenced block that starts with
 * {@code lakesink }. A span of only command names ({@code `lakesink rollback`}) refers to a command and only has to
 * name one. Placeholders such as {@code <commit>} stand for a word.
 */
class DocumentedCommandsTest {
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```[^\\n]*\\n(.*?)^\\s*```");
    private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z][A-Za-z0-9 _.:-]*>");
    private static final Set<String> LAKE_LOCATIONS = Set.of("--config", "--connector");

    @Test
    void everyDocumentedCommandParsesAndSaysWhereTheLakeIs() throws IOException {
        List<String> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path doc : documents()) {
            for (String line : commandLines(Files.readString(doc))) {
                found.add(line);
                String problem = problem(line);
                if (problem != null) {
                    problems.add(doc + ": `" + line + "`: " + problem);
                }
            }
        }
        assertTrue(found.size() >= 20, "the documents should hold the runbook's commands; found " + found);
        assertEquals(List.of(), problems, "documented commands that fail as printed");
    }

    /** The checker itself: the traps a reader met are caught. */
    @Test
    void commandsThatFailAsPrintedAreCaught() {
        assertEquals(null, problem("lakesink status"), "a bare name refers to the command");
        assertEquals(null, problem("lakesink branch reset"), "a bare name refers to the command");
        assertTrue(problem("lakesink log main").contains("--config"));
        assertTrue(problem("lakesink rollback --config sink.json --to-offset").contains("--to-offset"));
        assertTrue(problem("lakesink rollback --config sink.json --to-ofset orders:0:1").contains("--to-ofset"));
        assertTrue(problem("lakesink mark-bad <commit> --config sink.json").contains("--reason"));
        assertTrue(problem("lakesink verify --lake-path /var/lib/lakesink/shop --all").contains("--repository"));
        assertTrue(problem("lakesink statsu --config sink.json") != null);
        assertEquals(null, problem("lakesink rollback --config sink.json --to-offset orders:0:1500 --yes --reason \"...\""));
        assertEquals(null, problem("lakesink revert <commit> -b ingest --config sink.json"));
        assertEquals(null, problem("lakesink query main \"SELECT count(*) FROM orders WHERE <what is bad>\" --config s.json"));
        assertEquals(null, problem("lakesink --version"));
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("docker", "README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    static List<String> commandLines(String markdown) {
        List<String> lines = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        Matcher fence = FENCE.matcher(markdown);
        int end = 0;
        while (fence.find()) {
            prose.append(markdown, end, fence.start());
            end = fence.end();
            fence.group(1).lines().map(String::strip).filter(l -> l.startsWith("lakesink ")).forEach(lines::add);
        }
        prose.append(markdown.substring(end));
        Matcher span = SPAN.matcher(prose);
        while (span.find()) {
            String text = span.group(1).replaceAll("\\s+", " ").strip();
            if (text.startsWith("lakesink ")) {
                lines.add(text);
            }
        }
        return lines;
    }

    /** Why the command line fails as printed, or null when it works (or is a command's name). */
    static String problem(String line) {
        List<String> args = words(PLACEHOLDER.matcher(line).replaceAll("placeholder"));
        args.remove(0);
        CommandLine cli = new CommandLine(new LakeSinkCli());
        if (namesOnly(cli, args)) {
            return null;
        }
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
        ParseResult command = parsed;
        while (command.subcommand() != null) {
            command = command.subcommand();
        }
        if (command.commandSpec().findOption("--config") == null || command.isUsageHelpRequested()) {
            return null;
        }
        if (LAKE_LOCATIONS.stream().anyMatch(command::hasMatchedOption)) {
            return null;
        }
        if ((command.hasMatchedOption("--lake-path") || command.hasMatchedOption("--lakefs-endpoint"))
                && command.hasMatchedOption("--repository")) {
            return null;
        }
        return "does not say where the lake is: add --config <the connector's JSON> (or --lake-path/--lakefs-endpoint"
                + " with --repository)";
    }

    /** Whether the words are only command names, each a subcommand of the one before: a reference to a command. */
    private static boolean namesOnly(CommandLine cli, List<String> words) {
        CommandLine command = cli;
        for (String word : words) {
            command = command.getSubcommands().get(word);
            if (command == null) {
                return false;
            }
        }
        return !words.isEmpty();
    }

    /** Splits as a POSIX shell does for the quoting the docs use; an unquoted # starts a comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
