package dev.tickrunner.storage.internal;

import static dev.tickrunner.storage.internal.GuardedCall.retried;
import static dev.tickrunner.storage.internal.GuardedCall.run;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickFailure;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.storage.ResultWriter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

/**
 * {@link ResultWriter} whose saves go through {@code Retry(mongo)(CircuitBreaker(redis)(CircuitBreaker(mongo)))}.
 * Both {@link #save} and {@link #saveFailure} are idempotent (see {@link ResultWriter}), so a retry completes a save
 * that failed half-way: the Mongo writes are repeated with the same effect, and the Redis writes are one
 * MULTI/EXEC that was either applied or not.
 */
public final class ResilientResultWriter implements ResultWriter {
    private final ResultWriter delegate;
    private final Retry retry;
    private final CircuitBreaker mongo;
    private final CircuitBreaker redis;

    /**
     * @param delegate the Mongo/Redis writer
     * @param retry    the {@code mongo} retry
     * @param mongo    the {@code mongo} breaker
     * @param redis    the {@code redis} breaker
     */
    public ResilientResultWriter(ResultWriter delegate, Retry retry, CircuitBreaker mongo, CircuitBreaker redis) {
        this.delegate = delegate;
        this.retry = retry;
        this.mongo = mongo;
        this.redis = redis;
    }

    @Override
    public void save(RuntimeData data, TickResult result) {
        retried(retry, run(() -> delegate.save(data, result)), redis, mongo);
    }

    @Override
    public void saveFailure(TickFailure failure) {
        retried(retry, run(() -> delegate.saveFailure(failure)), redis, mongo);
    }

    @Override
    public void reportSkipped(String userId, long gameTime, String reason) {
        retried(retry, run(() -> delegate.reportSkipped(userId, gameTime, reason)), redis, mongo);
    }
}
