package dev.tickrunner.storage.internal;

import static dev.tickrunner.storage.internal.GuardedCall.retried;

import dev.tickrunner.storage.LoadResult;
import dev.tickrunner.storage.RuntimeDataLoader;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

/**
 * {@link RuntimeDataLoader} whose loads go through {@code Retry(mongo)(CircuitBreaker(redis)(CircuitBreaker(mongo)))}.
 * A load only reads (the CPU gate's {@code $inc skipTicksPenalty -1} aside, which runs only when the load returns
 * {@code Skipped}, after the reads), so it is retried.
 */
public final class ResilientRuntimeDataLoader implements RuntimeDataLoader {
    private final RuntimeDataLoader delegate;
    private final Retry retry;
    private final CircuitBreaker mongo;
    private final CircuitBreaker redis;

    /**
     * @param delegate the Mongo/Redis loader
     * @param retry    the {@code mongo} retry
     * @param mongo    the {@code mongo} breaker
     * @param redis    the {@code redis} breaker
     */
    public ResilientRuntimeDataLoader(RuntimeDataLoader delegate, Retry retry, CircuitBreaker mongo,
                                      CircuitBreaker redis) {
        this.delegate = delegate;
        this.retry = retry;
        this.mongo = mongo;
        this.redis = redis;
    }

    @Override
    public LoadResult load(String userId) {
        return retried(retry, () -> delegate.load(userId), redis, mongo);
    }
}
