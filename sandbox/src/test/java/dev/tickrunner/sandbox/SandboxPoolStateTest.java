package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pool's state machine without GraalJS: plain {@link PooledSandbox}es and a hand-moved clock. Reset reasons come
 * from the sandbox (decided where the reset happened), and an entry housekeeping has taken is skipped, not reported
 * as in use.
 */
class SandboxPoolStateTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<ResetReason> resets = new ArrayList<>();
    private final List<Plain> created = new ArrayList<>();
    private final SandboxMetricsTracker tracker = new SandboxMetricsTracker() {
        @Override
        public void recordReset(ResetReason reason) {
            resets.add(reason);
        }
    };

    private SandboxPool<Plain> pool(SandboxConfig config) {
        return new SandboxPool<>((userId, timestamp) -> {
            Plain p = new Plain(userId, timestamp);
            created.add(p);
            return p;
        }, config, tracker, nanos::get);
    }

    @Test
    void theSandboxsOwnReasonIsTheResetReason() {
        try (SandboxPool<Plain> pool = pool(SandboxConfig.ofDefaults())) {
            Plain first;
            try (SandboxLease<Plain> lease = pool.acquire("u", 1)) {
                first = lease.sandbox();
                first.reason = ResetReason.OUT_OF_MEMORY;
            }
            assertTrue(first.closed);
            try (SandboxLease<Plain> lease = pool.acquire("u", 1)) {
                assertNotSame(first, lease.sandbox());
                lease.sandbox().reason = ResetReason.HALT;
            }
            assertEquals(List.of(ResetReason.OUT_OF_MEMORY, ResetReason.HALT), resets);
        }
    }

    @Test
    void idleTimeFollowsTheInjectedClock() {
        SandboxConfig config = SandboxConfig.builder().idleTimeout(Duration.ofMinutes(3)).build();
        try (SandboxPool<Plain> pool = pool(config)) {
            pool.acquire("u", 1).close();
            nanos.addAndGet(Duration.ofMinutes(3).toNanos());
            pool.evictIdle();
            assertEquals(List.of(), resets, "exactly the idle timeout is not over it");
            nanos.addAndGet(1);
            pool.evictIdle();
            assertEquals(List.of(ResetReason.IDLE), resets);
            assertTrue(created.getFirst().closed);
        }
    }

    @Test
    void anEntryTakenByHousekeepingIsSkippedNotReportedInUse() {
        try (SandboxPool<Plain> pool = pool(SandboxConfig.ofDefaults())) {
            pool.acquire("u", 1).close();
            SandboxPool.Entry<Plain> taken = pool.entry("u");
            // Housekeeping's first step: IDLE → RESERVED, before it has closed and removed the entry.
            assertTrue(taken.state.compareAndSet(SandboxPool.State.IDLE, SandboxPool.State.RESERVED));
            try (SandboxLease<Plain> lease = pool.acquire("u", 1)) {
                assertNotSame(taken.sandbox, lease.sandbox());
            }
            assertEquals(2, created.size());
        }
    }

    @Test
    void onlyAnEntryInUseIsInUse() {
        try (SandboxPool<Plain> pool = pool(SandboxConfig.ofDefaults());
             SandboxLease<Plain> lease = pool.acquire("u", 1)) {
            assertThrows(SandboxUnavailableException.class, () -> pool.acquire("u", 1));
            assertSame(created.getFirst(), lease.sandbox());
        }
    }

    @Test
    void aNewerCodeTimestampIsAGlobalReset() {
        try (SandboxPool<Plain> pool = pool(SandboxConfig.ofDefaults())) {
            pool.acquire("u", 1).close();
            pool.acquire("u", 2).close();
            assertEquals(List.of(ResetReason.CODE_CHANGED), resets);
        }
    }

    /** A sandbox that runs nothing. */
    static final class Plain implements PooledSandbox {
        final String userId;
        final long timestamp;
        volatile ResetReason reason;
        volatile boolean closed;

        Plain(String userId, long timestamp) {
            this.userId = userId;
            this.timestamp = timestamp;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public long codeTimestamp() {
            return timestamp;
        }

        @Override
        public ResetReason resetReason() {
            return reason != null ? reason : closed ? ResetReason.RESTART : null;
        }

        @Override
        public Duration age() {
            return Duration.ZERO;
        }

        @Override
        public long ticksRun() {
            return 0;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
