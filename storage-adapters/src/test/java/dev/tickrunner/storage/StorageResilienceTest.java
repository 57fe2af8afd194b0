package dev.tickrunner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retry and circuit breaker behaviour of the Resilient* decorators, with fake ports (no services). */
class StorageResilienceTest {

    private static final class FlakyWriter implements ResultWriter {
        final AtomicInteger calls = new AtomicInteger();
        volatile int failFirst;
        volatile RuntimeException failure;

        @Override
        public void save(RuntimeData data, TickResult result) {
            if (calls.incrementAndGet() <= failFirst) {
                throw failure;
            }
        }

        @Override
        public void report(String userId, long gameTime, TickOutcome outcome) {
            save(null, null);
        }
    }

    @Test
    void aSaveThatFailsTwiceWithARedisFaultIsCompletedByTheRetry() {
        StorageResilience resilience = StorageResilience.ofDefaults();
        FlakyWriter writer = new FlakyWriter();
        writer.failFirst = 2;
        writer.failure = new RedisConnectionException("Connection refused");
        resilience.decorate(writer).save(null, null);
        assertEquals(3, writer.calls.get());
    }

    @Test
    void aStorageLimitIsNotRetried() {
        FlakyWriter writer = new FlakyWriter();
        writer.failFirst = 10;
        writer.failure = new StorageLimitExceededException("u", PlayerMessages.MEMORY_LIMIT_REACHED);
        ResultWriter resilient = StorageResilience.ofDefaults().decorate(writer);
        assertThrows(StorageLimitExceededException.class, () -> resilient.save(null, null));
        assertEquals(1, writer.calls.get());
    }

    @Test
    void retriesGiveUpWellUnderTheMainLoopsFiveSecondReset() {
        FlakyWriter writer = new FlakyWriter();
        writer.failFirst = 100;
        writer.failure = new MongoSocketOpenException("refused", new ServerAddress());
        ResultWriter resilient = StorageResilience.ofDefaults().decorate(writer);
        long t0 = System.nanoTime();
        assertThrows(MongoSocketOpenException.class, () -> resilient.save(null, null));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(StorageResilience.MAX_ATTEMPTS, writer.calls.get());
        assertTrue(ms < 1500, "retry budget was " + ms + " ms");
    }

    @Test
    void mongoFaultsOpenOnlyTheMongoBreakerAndItClosesAgainAfterTrialCalls() {
        StorageResilience resilience = StorageResilience.of(Duration.ofMillis(200));
        FlakyWriter writer = new FlakyWriter();
        writer.failFirst = 1000;
        writer.failure = new MongoSocketOpenException("refused", new ServerAddress());
        ResultWriter resilient = resilience.decorate(writer);
        for (int i = 0; i < 3; i++) {
            assertThrows(RuntimeException.class, () -> resilient.save(null, null));
        }
        assertEquals(CircuitBreaker.State.OPEN, resilience.circuitBreaker(StorageResilience.MONGO).getState());
        assertEquals(CircuitBreaker.State.CLOSED, resilience.circuitBreaker(StorageResilience.REDIS).getState());
        assertFalse(resilience.isAvailable());
        int before = writer.calls.get();
        assertThrows(CallNotPermittedException.class, () -> resilient.save(null, null));
        assertEquals(before, writer.calls.get(), "an open breaker does not call storage");

        writer.failFirst = 0;
        assertTrue(resilience.awaitAvailable(Duration.ofSeconds(2)), "half-open by itself after openDuration");
        resilient.save(null, null);
        resilient.save(null, null);
        assertEquals(CircuitBreaker.State.CLOSED, resilience.circuitBreaker(StorageResilience.MONGO).getState());
    }

    @Test
    void aWaiterWakesUpWhenTheOpenBreakerTurnsHalfOpen() throws Exception {
        StorageResilience resilience = StorageResilience.of(Duration.ofHours(1));
        CircuitBreaker redis = resilience.circuitBreaker(StorageResilience.REDIS);
        redis.transitionToOpenState();
        assertFalse(resilience.awaitAvailable(Duration.ofMillis(20)), "still open: the wait times out");

        CompletableFuture<Boolean> woke = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().start(() -> woke.complete(resilience.awaitAvailable(Duration.ofHours(1))));
        awaitParked(waiter);
        assertFalse(woke.isDone());
        redis.transitionToHalfOpenState();
        assertTrue(woke.get(10, TimeUnit.SECONDS), "woken by the OPEN -> HALF_OPEN transition, long before its hour");
    }

    @Test
    void anInterruptedWaiterGivesUpAndKeepsItsFlag() throws Exception {
        StorageResilience resilience = StorageResilience.of(Duration.ofHours(1));
        resilience.circuitBreaker(StorageResilience.MONGO).transitionToForcedOpenState();
        CompletableFuture<Boolean> flagKept = new CompletableFuture<>();
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            result.complete(resilience.awaitAvailable(Duration.ofHours(1)));
            flagKept.complete(Thread.currentThread().isInterrupted());
        });
        awaitParked(waiter);
        waiter.interrupt();
        assertFalse(result.get(10, TimeUnit.SECONDS));
        assertTrue(flagKept.get(10, TimeUnit.SECONDS));
    }

    /** Until {@code t} waits (in awaitAvailable), at most 10 s. */
    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline && t.isAlive(), "waiter never waited: " + t.getState());
            Thread.sleep(1);
        }
    }

}
