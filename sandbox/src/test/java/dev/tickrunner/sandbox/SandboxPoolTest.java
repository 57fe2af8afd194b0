package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox lifecycle of user-vm.js: one warm sandbox per player, a global reset when the code timestamp is newer,
 * idle sandboxes released after the idle timeout, a cap evicting the least recently used, and a reset of all.
 */
class SandboxPoolTest {
    static SandboxFactory factory;

    @BeforeAll
    static void startEngine() {
        factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(), SandboxConfig.ofDefaults());
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    static class Resets implements SandboxMetricsTracker {
        final List<ResetReason> reasons = new ArrayList<>();

        @Override
        public synchronized void recordReset(ResetReason reason) {
            reasons.add(reason);
        }
    }

    @Test
    void warmSandboxIsReusedUntilTheCodeTimestampIsNewer() {
        Resets resets = new Resets();
        try (SandboxPool<PlayerSandbox> pool = new SandboxPool<>(factory::create, SandboxConfig.ofDefaults(), resets)) {
            PlayerSandbox first;
            try (SandboxLease<PlayerSandbox> lease = pool.acquire("u1", 10)) {
                first = lease.sandbox();
            }
            try (SandboxLease<PlayerSandbox> lease = pool.acquire("u1", 10)) {
                assertSame(first, lease.sandbox());
            }
            try (SandboxLease<PlayerSandbox> lease = pool.acquire("u1", 11)) {
                assertNotSame(first, lease.sandbox());
            }
            assertEquals(List.of(ResetReason.CODE_CHANGED), resets.reasons);
        }
    }

    @Test
    void aSandboxInUseCannotBeLeasedTwice() {
        try (SandboxPool<PlayerSandbox> pool = new SandboxPool<>(factory::create, SandboxConfig.ofDefaults(), SandboxMetricsTracker.NOOP);
             SandboxLease<PlayerSandbox> lease = pool.acquire("u1", 1)) {
            SandboxUnavailableException e = assertThrows(SandboxUnavailableException.class, () -> pool.acquire("u1", 1));
            assertTrue(e.getMessage().contains("(total=1, inUse=1, idle=0)"), e.getMessage());
        }
    }

    @Test
    void idleSandboxesAreReleasedAfterTheIdleTimeout() throws InterruptedException {
        Resets resets = new Resets();
        SandboxConfig config = SandboxConfig.builder().idleTimeout(Duration.ofMillis(50)).build();
        try (SandboxPool<PlayerSandbox> pool = new SandboxPool<>(factory::create, config, resets)) {
            pool.acquire("u1", 1).close();
            SandboxLease<PlayerSandbox> busy = pool.acquire("u2", 1);
            Thread.sleep(100);
            pool.evictIdle();
            assertEquals(Set.of("u2"), pool.sandboxes().stream().map(SandboxInfo::userId).collect(Collectors.toSet()),
                    "the idle one is released, the busy one is not");
            assertEquals(List.of(ResetReason.IDLE), resets.reasons);
            busy.close();
        }
    }

    @Test
    void theCapEvictsTheLeastRecentlyUsedIdleSandboxes() throws InterruptedException {
        SandboxConfig config = SandboxConfig.builder().maxSandboxes(2).build();
        try (SandboxPool<PlayerSandbox> pool = new SandboxPool<>(factory::create, config, SandboxMetricsTracker.NOOP)) {
            for (String user : List.of("oldest", "middle", "newest")) {
                pool.acquire(user, 1).close();
                Thread.sleep(5);
            }
            pool.evictIdle();
            assertEquals(Set.of("middle", "newest"),
                    pool.sandboxes().stream().map(SandboxInfo::userId).collect(Collectors.toSet()));
        }
    }

    @Test
    void resetAllClearsIdleSandboxesNowAndBusyOnesWhenTheirLeaseCloses() {
        Resets resets = new Resets();
        try (SandboxPool<PlayerSandbox> pool = new SandboxPool<>(factory::create, SandboxConfig.ofDefaults(), resets)) {
            pool.acquire("idle", 1).close();
            SandboxLease<PlayerSandbox> busy = pool.acquire("busy", 1);
            pool.resetAll(ResetReason.RESTART);
            assertEquals(1, pool.stats().total(), "the busy sandbox stays until its tick ends");
            busy.close();
            assertEquals(0, pool.stats().total());
            assertEquals(List.of(ResetReason.RESTART, ResetReason.RESTART), resets.reasons);
        }
    }
}
