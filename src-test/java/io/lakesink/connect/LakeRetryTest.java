package io.lakesink.connect;

import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LakeUnavailableException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LakeRetryTest {
    @Test
    void retryableFailuresAreRetriedUntilTheCallSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = LakeRetry.call("read", 10_000, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new LakeUnavailableException("locked");
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(3, calls.get());
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        ConnectException e = assertThrows(ConnectException.class, () -> LakeRetry.call("read the head", 10_000, () -> {
            calls.incrementAndGet();
            throw new LakeNotFoundException("no such branch");
        }));
        assertEquals(1, calls.get());
        assertTrue(e.getMessage().contains("could not read the head: no such branch"), e.getMessage());
    }

    @Test
    void theBudgetEndsTheRetries() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(ConnectException.class, () -> LakeRetry.call("open", 1_000, () -> {
            calls.incrementAndGet();
            throw new LakeUnavailableException("still locked");
        }));
        assertTrue(calls.get() >= 2 && calls.get() <= 4, "calls: " + calls.get());
    }
}
