package dev.tickrunner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.model.UserTicket;
import io.lettuce.core.RedisConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Whether a decorated storage call is retried is read from its port method ({@link Idempotent} / {@link CalledOnce}),
 * never from prose: a call-once method fails at its first storage fault, an idempotent one is retried.
 */
class ResilientPortTest {
    private static final RedisConnectionException DOWN = new RedisConnectionException("Connection refused");

    /** Every call fails with a storage fault and is counted. */
    private static final class DownQueue implements UsersQueue {
        final AtomicInteger fetches = new AtomicInteger();
        final AtomicInteger adds = new AtomicInteger();
        final AtomicInteger putBacks = new AtomicInteger();

        @Override
        public Optional<UserTicket> fetch(Duration maxWait) {
            fetches.incrementAndGet();
            throw DOWN;
        }

        @Override
        public void markDone(UserTicket ticket) {
            throw DOWN;
        }

        @Override
        public boolean putBack(UserTicket ticket) {
            putBacks.incrementAndGet();
            throw DOWN;
        }

        @Override
        public void addMulti(List<String> userIds) {
            adds.incrementAndGet();
            throw DOWN;
        }

        @Override
        public boolean whenAllDone(Duration timeout) {
            throw DOWN;
        }

        @Override
        public void reset() {
            throw DOWN;
        }

        @Override
        public long pendingCount() {
            throw DOWN;
        }

        @Override
        public long processingCount() {
            throw DOWN;
        }
    }

    @Test
    void callOnceMethodsAreNotRetriedAndIdempotentOnesAre() {
        DownQueue queue = new DownQueue();
        UsersQueue decorated = StorageResilience.ofDefaults().decorate(queue);
        assertThrows(RedisConnectionException.class, () -> decorated.fetch(Duration.ZERO));
        assertThrows(RedisConnectionException.class, () -> decorated.addMulti(List.of("u")));
        // A fresh breaker: the retries below would otherwise find it opened by the calls above.
        UsersQueue retried = StorageResilience.ofDefaults().decorate(queue);
        assertThrows(RedisConnectionException.class, () -> retried.putBack(new UserTicket("u", 0)));
        assertEquals(1, queue.fetches.get(), "fetch moves a ticket: @CalledOnce");
        assertEquals(1, queue.adds.get(), "addMulti adds ids: @CalledOnce");
        assertEquals(StorageResilience.MAX_ATTEMPTS, queue.putBacks.get(), "putBack is @Idempotent");
    }

    /** A port whose method says nothing about retries. */
    interface Undecided {
        void write();
    }

    @Test
    void aPortMethodWithoutADecisionIsRefusedWhenDecorated() {
        StorageResilience resilience = StorageResilience.ofDefaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dev.tickrunner.storage.internal.ResilientPort.decorate(Undecided.class, () -> { },
                        resilience.retry(StorageResilience.MONGO), resilience.circuitBreaker(StorageResilience.MONGO)));
        assertTrue(e.getMessage().contains("Undecided.write"), e.getMessage());
    }

    @Test
    void theDecoratedPortsAllDecide() {
        StorageResilience resilience = StorageResilience.ofDefaults();
        resilience.decorate(new DownQueue());
        resilience.decorate((RuntimeDataLoader) new RuntimeDataLoader() {
            @Override
            public LoadResult load(String userId) {
                throw DOWN;
            }

            @Override
            public void commit(LoadResult result) {
                throw DOWN;
            }
        });
    }
}
