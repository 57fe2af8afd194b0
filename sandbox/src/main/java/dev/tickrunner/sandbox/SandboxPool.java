package dev.tickrunner.sandbox;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one warm sandbox per player and hands it to one thread at a time. Each entry has a named state changed by
 * CAS only: {@code IDLE → IN_USE} (acquire), {@code IN_USE → IDLE} (lease closed), {@code IDLE → RESERVED}
 * (housekeeping), {@code * → CLOSED}. A global reset is a flag applied when the lease closes; nothing closes a
 * sandbox another thread is running.
 *
 * <p>An entry that housekeeping or a reset has taken ({@code RESERVED} or {@code CLOSED}) is skipped by
 * {@link #acquire}: the player gets a fresh sandbox, not "in use by another tick"; only an {@code IN_USE} entry is in
 * use.
 *
 * <p>Mirrors: driver lib/runtime/user-vm.js (create when the code timestamp is newer, clear, clearAll, 3 min idle
 * eviction). The pool knows nothing of GraalJS: it holds {@link PooledSandbox}es made by a creator function and reads
 * time from a clock, so it is testable without an engine and without sleeps. Thread-safe.
 *
 * @param <S> the sandbox type ({@link PlayerSandbox} in the runner)
 */
public final class SandboxPool<S extends PooledSandbox> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);

    /** State of one entry. */
    enum State { IDLE, IN_USE, RESERVED, CLOSED }

    private final Map<String, Entry<S>> entries = new ConcurrentHashMap<>();
    private final BiFunction<String, Long, S> creator;
    private final SandboxConfig config;
    private final SandboxMetricsTracker metrics;
    private final LongSupplier nanoClock;

    /**
     * A pool on {@link System#nanoTime()}.
     *
     * @param creator creates a sandbox for (userId, codeTimestamp), e.g. {@code factory::create}
     * @param config  idle timeout and cap
     * @param metrics receives pool events; {@link SandboxMetricsTracker#NOOP} for none
     */
    public SandboxPool(BiFunction<String, Long, S> creator, SandboxConfig config, SandboxMetricsTracker metrics) {
        this(creator, config, metrics, System::nanoTime);
    }

    /**
     * @param creator   creates a sandbox for (userId, codeTimestamp)
     * @param config    idle timeout and cap
     * @param metrics   receives pool events; {@link SandboxMetricsTracker#NOOP} for none
     * @param nanoClock a monotonic clock, ns (idle times and acquire timings)
     */
    public SandboxPool(BiFunction<String, Long, S> creator, SandboxConfig config, SandboxMetricsTracker metrics,
                       LongSupplier nanoClock) {
        this.creator = creator;
        this.config = config;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /**
     * Leases the player's warm sandbox, creating one when there is none, when its code timestamp is older than
     * {@code codeTimestamp} (global reset: code changed) or when it needs a reset.
     *
     * @param codeTimestamp the timestamp of the player's active code, ms
     * @return the lease; must be closed (try-with-resources) or the sandbox stays in use forever
     * @throws SandboxUnavailableException if the player's sandbox is in use by another thread
     * @throws SandboxCreationException    if a new sandbox cannot be created
     */
    public SandboxLease<S> acquire(String userId, long codeTimestamp) {
        long startNanos = nanoClock.getAsLong();
        Entry<S> entry = entries.get(userId);
        if (entry != null) {
            if (entry.state.compareAndSet(State.IDLE, State.IN_USE)) {
                ResetReason reason = resetReason(entry);
                if (reason == null && codeTimestamp > entry.sandbox.codeTimestamp()) {
                    reason = ResetReason.CODE_CHANGED;
                }
                if (reason == null) {
                    metrics.recordAcquireNanos(nanoClock.getAsLong() - startNanos);
                    return new SandboxLease<>(this, entry);
                }
                retire(entry, reason);
            } else if (entry.state.get() == State.IN_USE) {
                throw SandboxUnavailableException.inUse(userId, stats());
            } else {
                // Housekeeping or a reset has taken it (RESERVED, CLOSED): it is on its way out, not in use.
                entries.remove(userId, entry);
            }
        }
        long createStart = nanoClock.getAsLong();
        Entry<S> fresh = new Entry<>(creator.apply(userId, codeTimestamp), createStart);
        fresh.state.set(State.IN_USE);
        metrics.recordContextCreateMillis((nanoClock.getAsLong() - createStart) / 1_000_000);
        Entry<S> previous = entries.putIfAbsent(userId, fresh);
        if (previous != null) {
            fresh.sandbox.close();
            throw SandboxUnavailableException.inUse(userId, stats());
        }
        metrics.recordAcquireNanos(nanoClock.getAsLong() - startNanos);
        return new SandboxLease<>(this, fresh);
    }

    /** Asks for a global reset of the player's sandbox, applied when it is next idle or its lease closes. */
    public void markForReset(String userId, ResetReason reason) {
        Entry<S> entry = entries.get(userId);
        if (entry != null) {
            entry.resetReason = reason;
            if (entry.state.compareAndSet(State.IDLE, State.RESERVED)) {
                retire(entry, reason);
            }
        }
    }

    /**
     * Housekeeping: closes idle sandboxes unused longer than the idle timeout, then the least recently used idle
     * ones above the cap. Catches and logs everything (a scheduled task that throws is never run again).
     */
    public void evictIdle() {
        try {
            long now = nanoClock.getAsLong();
            long idleNanos = config.idleTimeout().toNanos();
            for (Entry<S> entry : entries.values()) {
                if (now - entry.lastUsedNanos > idleNanos && entry.state.compareAndSet(State.IDLE, State.RESERVED)) {
                    retire(entry, ResetReason.IDLE);
                }
            }
            int excess = entries.size() - config.maxSandboxes();
            if (excess > 0) {
                List<Entry<S>> lru = entries.values().stream().filter(e -> e.state.get() == State.IDLE)
                        .sorted(Comparator.comparingLong(e -> e.lastUsedNanos)).limit(excess).toList();
                for (Entry<S> entry : lru) {
                    if (entry.state.compareAndSet(State.IDLE, State.RESERVED)) {
                        retire(entry, ResetReason.IDLE);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Sandbox housekeeping failed {}", stats(), e);
        }
    }

    /** {@code runtimeRestart}: resets every idle sandbox now and every busy one when its lease closes. */
    public void resetAll(ResetReason reason) {
        entries.keySet().forEach(userId -> markForReset(userId, reason));
    }

    /** @return a point-in-time snapshot of the pool's counts */
    public SandboxPoolStats stats() {
        int inUse = 0;
        int idle = 0;
        for (Entry<S> entry : entries.values()) {
            switch (entry.state.get()) {
                case IN_USE -> inUse++;
                case IDLE -> idle++;
                default -> { }
            }
        }
        return new SandboxPoolStats(entries.size(), inUse, idle);
    }

    /** @return per-player figures of the warm sandboxes, like user-vm.js getMetrics() */
    public List<SandboxInfo> sandboxes() {
        long now = nanoClock.getAsLong();
        return entries.values().stream().map(e -> new SandboxInfo(e.sandbox.userId(), e.sandbox.codeTimestamp(),
                Duration.ofNanos(now - e.lastUsedNanos), e.sandbox.age(), e.sandbox.ticksRun())).toList();
    }

    /** Closes every sandbox not in use; busy ones close when their lease does. */
    @Override
    public void close() {
        resetAll(ResetReason.RESTART);
    }

    /** @return the player's entry, or null: for tests of the state machine */
    Entry<S> entry(String userId) {
        return entries.get(userId);
    }

    void release(Entry<S> entry) {
        entry.lastUsedNanos = nanoClock.getAsLong();
        ResetReason reason = resetReason(entry);
        if (reason != null) {
            retire(entry, reason);
        } else {
            entry.state.compareAndSet(State.IN_USE, State.IDLE);
        }
    }

    /** @return the reset asked for by the pool's caller, else the one the sandbox decided, else null */
    private static ResetReason resetReason(Entry<?> entry) {
        return entry.resetReason != null ? entry.resetReason : entry.sandbox.resetReason();
    }

    private void retire(Entry<S> entry, ResetReason reason) {
        entry.state.set(State.CLOSED);
        entries.remove(entry.sandbox.userId(), entry);
        entry.sandbox.close();
        metrics.recordReset(reason);
    }

    /** One player's sandbox and its state. */
    static final class Entry<S extends PooledSandbox> {
        final S sandbox;
        final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
        volatile long lastUsedNanos;
        volatile ResetReason resetReason;

        Entry(S sandbox, long createdNanos) {
            this.sandbox = sandbox;
            this.lastUsedNanos = createdNanos;
        }
    }
}
