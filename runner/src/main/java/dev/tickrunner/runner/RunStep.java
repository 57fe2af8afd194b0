package dev.tickrunner.runner;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.SandboxCreationException;
import dev.tickrunner.sandbox.SandboxLease;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.sandbox.SandboxUnavailableException;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run step of a tick: leases the player's warm sandbox (a fresh one after a global reset) and runs the tick in
 * it, measuring wall time and what the worker thread allocated. The sandbox decides the outcome
 * ({@link PlayerSandbox#runTick}); this step only adds the failures of leasing one.
 *
 * <p>Mirrors: driver lib/runtime/make.js make() around {@code runCode}, with user-vm.js {@code getVM}. Thread-safe.
 */
final class RunStep {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCoordinator.class);
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final SandboxPool<PlayerSandbox> pool;
    /** At most this many ticks run in sandboxes at once; null: no limit (the embedding API's own threads). */
    private volatile Semaphore runSlots;

    RunStep(SandboxPool<PlayerSandbox> pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * From now on at most {@code runs} ticks run in sandboxes at once; a worker past them waits for a slot (fair, in
     * arrival order) before it leases its sandbox.
     *
     * @throws IllegalArgumentException if {@code runs < 1}
     */
    void limitConcurrentRuns(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, was " + runs);
        }
        this.runSlots = new Semaphore(runs, true);
    }

    /**
     * What the run step produced.
     *
     * @param outcome        {@link TickOutcome.Completed} or {@link TickOutcome.Failed}
     * @param runNanos       wall time from the lease to the end of the tick, ns
     * @param allocatedBytes bytes the worker thread allocated meanwhile
     */
    record Ran(TickOutcome outcome, long runNanos, long allocatedBytes) {
    }

    /**
     * Runs the tick, after waiting for a run slot when the runs are limited ({@link #limitConcurrentRuns}); never
     * throws for the player's doing or a sandbox that cannot be had.
     */
    Ran run(RuntimeData data) {
        Semaphore slots = runSlots;
        if (slots == null) {
            return runNow(data);
        }
        slots.acquireUninterruptibly();
        try {
            return runNow(data);
        } finally {
            slots.release();
        }
    }

    private Ran runNow(RuntimeData data) {
        long r0 = System.nanoTime();
        long a0 = ALLOCATION.getCurrentThreadAllocatedBytes();
        TickOutcome outcome;
        try (SandboxLease<PlayerSandbox> lease = pool.acquire(data.userId(), data.userCodeTimestamp())) {
            outcome = lease.sandbox().runTick(data);
        } catch (SandboxUnavailableException | SandboxCreationException e) {
            LOG.error("No sandbox for user {}: {}", data.userId(), e.getMessage());
            outcome = new TickOutcome.Failed(TickOutcome.Failed.Kind.SANDBOX_UNAVAILABLE,
                    "Internal error: " + e.getMessage(), true);
        } catch (RuntimeException e) {
            LOG.error("Sandbox of user {} failed", data.userId(), e);
            outcome = new TickOutcome.Failed(TickOutcome.Failed.Kind.INTERNAL, "Internal error: " + e.getMessage(),
                    true);
        }
        long allocatedBytes = Math.max(0, ALLOCATION.getCurrentThreadAllocatedBytes() - a0);
        return new Ran(outcome, System.nanoTime() - r0, allocatedBytes);
    }
}
