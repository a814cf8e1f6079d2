package io.lakesink.bench;

import io.lakesink.record.EncoderThread;
import io.lakesink.record.ParquetSettings;
import io.lakesink.record.RecordConverter;
import io.lakesink.record.RowLayout;
import io.lakesink.write.DefaultPartitioner;
import io.lakesink.write.ObjectPaths;
import io.lakesink.write.Rotation;
import io.lakesink.write.TaskWriters;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.File;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One task's writers (the sink's defaults, encoder thread included) with a file open for each of many partitions,
 * run in a JVM of its own whose heap is capped at the goal: finishing at all shows the task fits, and the JVM's own
 * counters give the live heap with every file open (after a full GC), the peak of the heap pools and the share of
 * time spent collecting.
 */
public final class OpenPartitionsHeap {
    static final long ROWS_PER_PARTITION = 200;
    private static final String RESULT = "open-partitions-heap ";

    private OpenPartitionsHeap() {
    }

    /** {@code partitions dir} */
    public static void main(String[] args) throws Exception {
        int partitions = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        long start = System.nanoTime();
        long live;
        try (TaskWriters writers = new TaskWriters(dir, new RecordConverter(RowLayout.DEFAULT), new DefaultPartitioner(),
                new ObjectPaths("topics"), ParquetSettings.DEFAULT, Rotation.DEFAULT.withMaxOpenFiles(partitions),
                new EncoderThread("bench-memory-encoder"))) {
            for (long i = 0; i < ROWS_PER_PARTITION * partitions; i++) {
                int p = (int) (i % partitions);
                writers.write(new SinkRecord("events", p, null, null, BenchRecords.SCHEMA, BenchRecords.struct(i),
                        i / partitions, BenchRecords.BASE_TIME + i, TimestampType.CREATE_TIME));
            }
            if (writers.openFiles() != partitions) {
                throw new IllegalStateException("expected " + partitions + " open files, got " + writers.openFiles());
            }
            System.gc();
            live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            writers.closeAll();
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(RESULT + live + " " + peak + " " + gcMillis + " " + millis);
    }

    /** The figures of one run in a child JVM with {@code -Xmx<maxHeapMiB>m}. */
    record Heap(long liveBytes, long peakPoolBytes, long gcMillis, long millis) {
    }

    /**
     * Runs {@link #main} in a child JVM with the bench's own class path and the heap capped at {@code maxHeapMiB};
     * fails (naming the child's last words) when the child does, e.g. with an OutOfMemoryError.
     */
    static Heap measure(int partitions, Path dir, int maxHeapMiB) throws Exception {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeapMiB + "m", "-cp", classPath(), OpenPartitionsHeap.class.getName(),
                Integer.toString(partitions), dir.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new String(child.getInputStream().readAllBytes()).lines().toList();
        int exit = child.waitFor();
        for (String line : output) {
            if (exit == 0 && line.startsWith(RESULT)) {
                String[] f = line.substring(RESULT.length()).trim().split(" ");
                return new Heap(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
            }
        }
        List<String> tail = output.subList(Math.max(0, output.size() - 5), output.size());
        throw new IllegalStateException("the task with " + partitions + " open partitions did not finish in a "
                + maxHeapMiB + " MiB heap (exit " + exit + "): " + String.join(" | ", tail));
    }

    /** Under exec:java the classes come from a class loader of their own, not from java.class.path. */
    private static String classPath() throws Exception {
        if (OpenPartitionsHeap.class.getClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }
}
