package io.lakesink.bench;

import java.util.Arrays;

/** Repeats an action and keeps the median, which shared, noisy machines disturb least. */
final class Timer {
    /** One run; returns the nanoseconds of the part being measured (set-up in the run is not counted). */
    @FunctionalInterface
    interface Run {
        long measure(int iteration) throws Exception;
    }

    private Timer() {
    }

    /**
     * Medians of two runs measured alternately, so that JIT warm-up and background load fall on both alike.
     * Returns {@code [median of a, median of b]}.
     */
    static long[] pairedMedianNanos(int warmups, int repetitions, Run a, Run b) throws Exception {
        for (int i = 0; i < warmups; i++) {
            a.measure(i);
            b.measure(i);
        }
        long[] ta = new long[repetitions];
        long[] tb = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            ta[i] = a.measure(warmups + i);
            tb[i] = b.measure(warmups + i);
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new long[] {ta[repetitions / 2], tb[repetitions / 2]};
    }

    static String millis(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }
}
