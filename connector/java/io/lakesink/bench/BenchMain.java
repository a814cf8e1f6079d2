package io.lakesink.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench}: measurements printed against a baseline taken in the same run; never a timed unit test. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs LakeSink's benchmarks and prints their numbers as ratios against a baseline.",
        subcommands = {LakeBench.class, SinkBench.class, PublishBench.class})
public final class BenchMain implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
