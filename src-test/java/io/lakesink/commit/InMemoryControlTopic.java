package io.lakesink.commit;

import io.lakesink.commit.event.ControlEvent;
import io.lakesink.commit.event.ControlEventCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A control topic in memory, for trying the commit protocol's parts without a broker: every event sent goes through
 * the real codec into one shared log, and each {@link #channel()} reads it from where it joined. Kafka's faults are
 * played by failing the next sends, or by a send that hangs until {@link ControlEvents#abortSends()}.
 */
final class InMemoryControlTopic {
    private final List<byte[]> log = new ArrayList<>();
    private final AtomicInteger failNextSends = new AtomicInteger();
    private volatile CountDownLatch hang;

    synchronized List<ControlEvent> events() {
        return log.stream().map(b -> ControlEventCodec.decode(b).orElseThrow()).toList();
    }

    <T extends ControlEvent> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The next {@code n} sends fail as Kafka being away. */
    void failNextSends(int n) {
        failNextSends.set(n);
    }

    /** Sends hang (as when the broker is gone) until a channel's abortSends. */
    void hangSends() {
        hang = new CountDownLatch(1);
    }

    private synchronized void append(byte[] event) {
        log.add(event);
        notifyAll();
    }

    Channel channel() {
        synchronized (this) {
            return new Channel(log.size());
        }
    }

    final class Channel implements ControlEvents {
        private int position;
        private volatile boolean woken;
        private volatile boolean aborted;
        private volatile boolean closed;

        private Channel(int position) {
            this.position = position;
        }

        @Override
        public void send(ControlEvent event) {
            CountDownLatch h = hang;
            if (h != null) {
                try {
                    h.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (aborted || failNextSends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new ControlTopicUnavailableException("the test's Kafka is away", null);
            }
            append(ControlEventCodec.encode(event));
        }

        @Override
        public List<ControlEvent> poll(Duration timeout) {
            synchronized (InMemoryControlTopic.this) {
                long until = System.currentTimeMillis() + timeout.toMillis();
                while (position == log.size() && !woken && System.currentTimeMillis() < until) {
                    try {
                        InMemoryControlTopic.this.wait(Math.max(1, until - System.currentTimeMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                if (woken) {
                    woken = false;
                    throw new org.apache.kafka.common.errors.WakeupException();
                }
                List<ControlEvent> out = new ArrayList<>();
                while (position < log.size()) {
                    ControlEventCodec.decode(log.get(position++)).ifPresent(out::add);
                }
                return out;
            }
        }

        @Override
        public void wakeup() {
            woken = true;
            synchronized (InMemoryControlTopic.this) {
                InMemoryControlTopic.this.notifyAll();
            }
        }

        @Override
        public void abortSends() {
            aborted = true;
            CountDownLatch h = hang;
            if (h != null) {
                h.countDown();
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        boolean closed() {
            return closed;
        }
    }
}
