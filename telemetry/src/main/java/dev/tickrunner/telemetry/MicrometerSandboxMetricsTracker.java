package dev.tickrunner.telemetry;

import dev.tickrunner.sandbox.ResetReason;
import dev.tickrunner.sandbox.SandboxMetricsTracker;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.sandbox.SandboxPoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The sandbox pool's measurements as Micrometer meters: {@code tickrunner.sandbox.acquire} and
 * {@code tickrunner.sandbox.creation} (timers), {@code tickrunner.sandbox.resets{reason}} (counter) and, once
 * {@link #bindTo(SandboxPool)} is called, {@code tickrunner.sandboxes{state=idle|in_use}} (gauges).
 *
 * <p>Mirrors: HikariCP metrics/micrometer/MicrometerMetricsTracker (timers per pool event, gauges over a
 * {@code PoolStats} reused for 1 s, {@code close()} removes every meter it registered). Thread-safe.
 */
public final class MicrometerSandboxMetricsTracker implements SandboxMetricsTracker, AutoCloseable {
    private static final long STATS_REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MeterRegistry registry;
    private final Timer acquire;
    private final Timer creation;
    private final Map<ResetReason, Counter> resets = new EnumMap<>(ResetReason.class);
    private final List<Meter> meters = new ArrayList<>();
    /** The gauges hold only a weak reference to it; this field is the strong one. DO NOT REMOVE. */
    private volatile PoolStatsCache poolStats;

    /** @param registry where the meters go */
    public MicrometerSandboxMetricsTracker(MeterRegistry registry) {
        this.registry = registry;
        this.acquire = register(Timer.builder(MeterNames.SANDBOX_ACQUIRE)
                .description("Time to lease a player's sandbox, including creating one").register(registry));
        this.creation = register(Timer.builder(MeterNames.SANDBOX_CREATION)
                .description("Time to create a new player context; the count is sandboxes created").register(registry));
        for (ResetReason reason : ResetReason.values()) {
            resets.put(reason, register(Counter.builder(MeterNames.SANDBOX_RESETS)
                    .description("Sandboxes thrown away (global resets), by reason")
                    .tag(MeterNames.TAG_REASON, MeterNames.tagValue(reason)).register(registry)));
        }
    }

    /**
     * Registers the {@code tickrunner.sandboxes{state}} gauges over {@code pool}; each gauge reads a snapshot of the
     * pool's counts reused for up to 1 s.
     */
    public void bindTo(SandboxPool<?> pool) {
        PoolStatsCache cache = new PoolStatsCache(pool);
        this.poolStats = cache;
        gauge(cache, MeterNames.STATE_IDLE, stats -> stats.get().idle());
        gauge(cache, MeterNames.STATE_IN_USE, stats -> stats.get().inUse());
    }

    @Override
    public void recordAcquireNanos(long nanos) {
        acquire.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordContextCreateMillis(long millis) {
        creation.record(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void recordReset(ResetReason reason) {
        resets.get(reason).increment();
    }

    /** Removes every meter this tracker registered. */
    @Override
    public void close() {
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
        }
        poolStats = null;
    }

    private void gauge(PoolStatsCache cache, String state, ToDoubleFunction<PoolStatsCache> value) {
        register(Gauge.builder(MeterNames.SANDBOXES, cache, value)
                .description("Warm player sandboxes alive, by state")
                .tag(MeterNames.TAG_STATE, state).register(registry));
    }

    private <M extends Meter> M register(M meter) {
        synchronized (meters) {
            meters.add(meter);
        }
        return meter;
    }

    /** The pool's counts, recounted at most once a second (HikariCP PoolStats). */
    static final class PoolStatsCache {
        private final SandboxPool<?> pool;
        private SandboxPoolStats stats;
        private long takenNanos;

        PoolStatsCache(SandboxPool<?> pool) {
            this.pool = pool;
        }

        synchronized SandboxPoolStats get() {
            long now = System.nanoTime();
            if (stats == null || now - takenNanos > STATS_REUSE_NANOS) {
                stats = pool.stats();
                takenNanos = now;
            }
            return stats;
        }
    }
}
