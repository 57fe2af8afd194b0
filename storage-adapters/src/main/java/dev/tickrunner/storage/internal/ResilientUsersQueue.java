package dev.tickrunner.storage.internal;

import static dev.tickrunner.storage.internal.GuardedCall.once;
import static dev.tickrunner.storage.internal.GuardedCall.retried;
import static dev.tickrunner.storage.internal.GuardedCall.run;

import dev.tickrunner.model.UserTicket;
import dev.tickrunner.storage.UsersQueue;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link UsersQueue} whose calls go through the {@code queue} breaker; the idempotent ones ({@link #markDone},
 * {@link #putBack}, {@link #whenAllDone}, {@link #reset}, the counts) also through the {@code queue} retry.
 * {@link #fetch} and {@link #addMulti} are never retried: each moves or adds ids, and a retry after a lost reply
 * would move or add them twice.
 *
 * <p>Deviates from Node: screepsmod-mongo's queue logs Redis errors and keeps polling every 10 ms; here an open
 * breaker rejects calls at once ({@code CallNotPermittedException}) so the runner can wait instead of spinning.
 */
public final class ResilientUsersQueue implements UsersQueue {
    private final UsersQueue delegate;
    private final CircuitBreaker breaker;
    private final Retry retry;

    /**
     * @param delegate the Redis queue
     * @param breaker  the {@code queue} breaker
     * @param retry    the {@code queue} retry
     */
    public ResilientUsersQueue(UsersQueue delegate, CircuitBreaker breaker, Retry retry) {
        this.delegate = delegate;
        this.breaker = breaker;
        this.retry = retry;
    }

    @Override
    public Optional<UserTicket> fetch(Duration maxWait) {
        return once(() -> delegate.fetch(maxWait), breaker);
    }

    @Override
    public void markDone(UserTicket ticket) {
        retried(retry, run(() -> delegate.markDone(ticket)), breaker);
    }

    @Override
    public boolean putBack(UserTicket ticket) {
        return retried(retry, () -> delegate.putBack(ticket), breaker);
    }

    @Override
    public void addMulti(List<String> userIds) {
        once(run(() -> delegate.addMulti(userIds)), breaker);
    }

    @Override
    public boolean whenAllDone(Duration timeout) {
        return retried(retry, () -> delegate.whenAllDone(timeout), breaker);
    }

    @Override
    public void reset() {
        retried(retry, run(delegate::reset), breaker);
    }

    @Override
    public long pendingCount() {
        return retried(retry, delegate::pendingCount, breaker);
    }

    @Override
    public long processingCount() {
        return retried(retry, delegate::processingCount, breaker);
    }
}
