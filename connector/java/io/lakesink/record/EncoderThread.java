package io.lakesink.record;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * A task's second thread, which encodes and compresses Parquet while the task thread polls and converts the next
 * records: Parquet encoding is the larger half of a sink task's own work, so overlapping the two raises a task's
 * records per second when a core is free (about 1.5x in {@code bench sink}). Jobs run one at a time in the order
 * they were handed over, so each file's rows stay in order and a file is closed only after all its rows are written.
 *
 * <p>Rows of all the task's files are handed over together, in batches of {@value #BATCH_ROWS}, so a task with a
 * thousand open files holds no more rows in flight than one with a single file. The queue is bounded: a task thread
 * that gets ahead waits for the encoder instead of buffering without limit.
 * The first job that fails stops the thread; every later call fails with that error, so a broken file is never
 * finished and handed to the commit (the task fails and its uncommitted files are cleaned up as after a crash).
 *
 * <p>Calls that hand over work must not run concurrently (the task's writers are used under one lock);
 * {@link #close()} may come from any thread.
 */
public final class EncoderThread implements AutoCloseable {

    /** Rows handed over at a time: enough to make a hand-over cheap, few enough to bound memory. */
    static final int BATCH_ROWS = 512;
    /** Jobs waiting at most: with batches of rows, a few thousand rows in flight. */
    private static final int QUEUE_CAPACITY = 8;

    /** An encoding step that may fail with an I/O error. */
    @FunctionalInterface
    interface Job {
        void run() throws IOException;
    }

    private static final Job STOP = () -> { };

    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean closed;
    private boolean started;
    private ParquetWriter<GenericRecord>[] pendingFiles = newFiles();
    private GenericRecord[] pendingRows = new GenericRecord[BATCH_ROWS];
    private int pending;

    /** The thread starts with the first job, so a task that never writes (or fails to start) leaves none behind. */
    public EncoderThread(String name) {
        thread = new Thread(this::runJobs, name);
        thread.setDaemon(true);
    }

    @SuppressWarnings("unchecked")
    private static ParquetWriter<GenericRecord>[] newFiles() {
        return new ParquetWriter[BATCH_ROWS];
    }

    /** Adds a row for {@code file}; it is written in order with every row and job handed over before it. */
    void write(ParquetWriter<GenericRecord> file, GenericRecord row) throws IOException {
        pendingFiles[pending] = file;
        pendingRows[pending] = row;
        if (++pending == BATCH_ROWS) {
            handOverRows();
        }
    }

    private void handOverRows() throws IOException {
        if (pending == 0) {
            return;
        }
        ParquetWriter<GenericRecord>[] files = pendingFiles;
        GenericRecord[] rows = pendingRows;
        int count = pending;
        pendingFiles = newFiles();
        pendingRows = new GenericRecord[BATCH_ROWS];
        pending = 0;
        submit(() -> {
            for (int i = 0; i < count; i++) {
                files[i].write(rows[i]);
            }
        });
    }

    /** Queues a job, waiting while the queue is full. */
    private void submit(Job job) throws IOException {
        checkHealthy();
        startOnce();
        try {
            while (!queue.offer(job, 100, TimeUnit.MILLISECONDS)) {
                // the encoder may have failed (and stopped taking jobs) while this thread waited
                checkHealthy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the Parquet encoder");
        }
    }

    /**
     * Queues a job without waiting for it and without handing over the rows gathered so far (it may run before
     * them): for measurements that may lag.
     */
    void submitWithoutWaiting(Job job) throws IOException {
        submit(job);
    }

    /** Runs a job after every row and job handed over before it, and waits for it: how files are closed. */
    void runAndWait(Job job) throws IOException {
        handOverRows();
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(() -> {
            try {
                job.run();
                done.complete(null);
            } catch (IOException | RuntimeException | Error e) {
                done.completeExceptionally(e);
                throw e;
            }
        });
        while (true) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException stillRunning) {
                // a job queued earlier may have failed, and then this one never runs (a close from elsewhere
                // meanwhile still runs it: the thread stops only after the jobs queued before it)
                Throwable failed = failure;
                if (failed != null) {
                    throw asIOException(failed);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the Parquet encoder");
            } catch (ExecutionException e) {
                throw asIOException(e.getCause());
            }
        }
    }

    private synchronized void startOnce() {
        if (!started) {
            started = true;
            thread.start();
        }
    }

    private void checkHealthy() throws IOException {
        Throwable failed = failure;
        if (failed != null) {
            throw asIOException(failed);
        }
        if (closed) {
            throw new IOException("the Parquet encoder " + thread.getName() + " is closed");
        }
    }

    private static IOException asIOException(Throwable t) {
        return new IOException("Parquet encoding failed: " + t, t);
    }

    private void runJobs() {
        try {
            while (true) {
                Job job = queue.take();
                if (job == STOP) {
                    return;
                }
                job.run();
            }
        } catch (InterruptedException e) {
            failure = e;
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        }
    }

    /** True once the thread has ended (failed or closed): it will not touch any writer again. */
    boolean stopped() {
        synchronized (this) {
            if (!started) {
                return true;
            }
        }
        if (failure != null) {
            try {
                thread.join(1_000); // it is on its way out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return !thread.isAlive();
    }

    /** Runs the jobs already queued, then stops the thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (!started) {
                return;
            }
        }
        try {
            while (failure == null && thread.isAlive() && !queue.offer(STOP, 100, TimeUnit.MILLISECONDS)) {
                // the queue is full of jobs still running
            }
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
