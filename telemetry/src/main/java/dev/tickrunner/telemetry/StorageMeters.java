package dev.tickrunner.telemetry;

import dev.tickrunner.storage.StorageResilience;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The storage breakers and retries of a {@link StorageResilience} as Micrometer meters: Resilience4j's
 * {@code resilience4j.circuitbreaker.*} (state gauges, call timers, failure rate) and {@code resilience4j.retry.*}
 * (call counters), tagged {@code name=mongo|redis|queue}. The meters read the registries on scrape; breakers or
 * retries added to them later are published too.
 */
public final class StorageMeters {
    private StorageMeters() {
    }

    /**
     * Publishes the breakers and retries of {@code resilience} in {@code registry}.
     *
     * @param resilience the storage breakers and retries ({@link StorageResilience#circuitBreakers()},
     *                   {@link StorageResilience#retries()})
     * @param registry   where the meters go, e.g. {@link RunnerTelemetry#registry()}
     * @throws NullPointerException if either is null
     */
    public static void bind(StorageResilience resilience, MeterRegistry registry) {
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(registry, "registry");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(resilience.circuitBreakers()).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(resilience.retries()).bindTo(registry);
    }
}
