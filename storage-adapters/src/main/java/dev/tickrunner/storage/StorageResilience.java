package dev.tickrunner.storage;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import dev.tickrunner.storage.internal.ResilientPort;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The circuit breakers and retries that let one runner ride out a Redis or MongoDB outage: one
 * {@link CircuitBreakerRegistry} and one {@link RetryRegistry}, each holding the instances {@value #MONGO},
 * {@value #REDIS} and {@value #QUEUE}. Thread-safe.
 *
 * <p>What counts as a storage fault ({@link #isStorageFault}): a {@link MongoException} other than a server's answer
 * to a bad command ({@link MongoWriteException}, {@link MongoCommandException}), and a {@link RedisException} other
 * than a server's error reply ({@link RedisCommandExecutionException}). Only storage faults are retried and recorded
 * by the breakers; a {@link StorageLimitExceededException} fails at once.
 *
 * <p>Timing: a call is tried at most {@value #MAX_ATTEMPTS} times with 100, 200, 400 ms between attempts. A service
 * that is away fails each attempt at once (Redis rejects commands while disconnected) or within MongoDB's 500 ms
 * server selection, so a retried call gives up after about 0.7–2.7 s, under the main loop's 5 s queue reset; a Redis
 * that hangs costs up to 4 × its 2 s command timeout. The timeouts are long enough that a loaded host whose Redis and
 * MongoDB still answer does not open the breakers (issue #9). A breaker opens when half of its last {@value #WINDOW_CALLS} calls (at least
 * {@value #MIN_CALLS}) failed, stays open {@link #OPEN_DURATION}, then lets {@value #HALF_OPEN_CALLS} trial calls
 * through by itself (automatic transition), so a runner resumes within about a second of the service returning.
 */
public final class StorageResilience {
    /** The instance guarding MongoDB calls (loader reads, result writer writes). */
    public static final String MONGO = "mongo";
    /** The instance guarding Redis data calls (Memory, segments, room intents, pub/sub). */
    public static final String REDIS = "redis";
    /** The instance guarding the users queue ({@code usersIvmPending} / {@code usersIvmProcessing}). */
    public static final String QUEUE = "queue";
    /** Attempts per idempotent call, the first included. */
    public static final int MAX_ATTEMPTS = 4;
    /** Wait before the first retry; doubled for each further one. */
    public static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    /** How long an open breaker rejects calls before it lets trial calls through. */
    public static final Duration OPEN_DURATION = Duration.ofSeconds(1);
    /** Size of the count-based sliding window, calls. */
    public static final int WINDOW_CALLS = 10;
    /** Calls needed in the window before the failure rate counts. */
    public static final int MIN_CALLS = 4;
    /** Trial calls in the half-open state. */
    public static final int HALF_OPEN_CALLS = 2;

    private final CircuitBreakerRegistry circuitBreakers;
    private final RetryRegistry retries;
    /** Held while checking the breakers' states in {@link #awaitAvailable}; {@link #stateChanged} is its condition. */
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Signalled on every state transition of every breaker. */
    private final Condition stateChanged = stateLock.newCondition();

    private StorageResilience(CircuitBreakerRegistry circuitBreakers, RetryRegistry retries) {
        this.circuitBreakers = circuitBreakers;
        this.retries = retries;
        CircuitBreakerConfig base = circuitBreakers.getDefaultConfig();
        for (String name : List.of(MONGO, REDIS, QUEUE)) {
            circuitBreakers.circuitBreaker(name, breakerConfig(base, name))
                    .getEventPublisher().onStateTransition(event -> signalStateChanged());
            retries.retry(name);
        }
    }

    /** @return breakers and retries with the default timing above */
    public static StorageResilience ofDefaults() {
        return of(OPEN_DURATION);
    }

    /**
     * @param openDuration how long an open breaker rejects calls
     * @return breakers and retries with the default timing but {@code openDuration}
     * @throws IllegalArgumentException if {@code openDuration <= 0}
     */
    public static StorageResilience of(Duration openDuration) {
        if (!openDuration.isPositive()) {
            throw new IllegalArgumentException("openDuration must be > 0, was " + openDuration);
        }
        RetryConfig retry = RetryConfig.custom()
                .maxAttempts(MAX_ATTEMPTS)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(FIRST_BACKOFF, 2.0))
                .retryOnException(StorageResilience::isStorageFault)
                .build();
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
                .slidingWindowSize(WINDOW_CALLS)
                .minimumNumberOfCalls(MIN_CALLS)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openDuration)
                .permittedNumberOfCallsInHalfOpenState(HALF_OPEN_CALLS)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        return new StorageResilience(CircuitBreakerRegistry.of(breaker), RetryRegistry.of(retry));
    }

    /** @return the breaker {@code name}: {@value #MONGO}, {@value #REDIS} or {@value #QUEUE} */
    public CircuitBreaker circuitBreaker(String name) {
        return circuitBreakers.find(name).orElseThrow(() -> new IllegalArgumentException("no breaker " + name));
    }

    /** @return the retry {@code name}: {@value #MONGO}, {@value #REDIS} or {@value #QUEUE} */
    public Retry retry(String name) {
        return retries.find(name).orElseThrow(() -> new IllegalArgumentException("no retry " + name));
    }

    /**
     * @return the registry of the breakers {@value #MONGO}, {@value #REDIS} and {@value #QUEUE}, live (for publishing
     *         them as meters: the telemetry module's {@code StorageMeters})
     */
    public CircuitBreakerRegistry circuitBreakers() {
        return circuitBreakers;
    }

    /** @return the registry of the retries {@value #MONGO}, {@value #REDIS} and {@value #QUEUE}, live */
    public RetryRegistry retries() {
        return retries;
    }

    /** @return true when no breaker is OPEN (CLOSED or HALF_OPEN: calls go through), a point-in-time snapshot */
    public boolean isAvailable() {
        return circuitBreakers.getAllCircuitBreakers().stream()
                .noneMatch(cb -> cb.getState() == CircuitBreaker.State.OPEN
                        || cb.getState() == CircuitBreaker.State.FORCED_OPEN);
    }

    /**
     * Waits while a breaker is open, woken by the breakers' state transitions (an open breaker turns half-open by
     * itself after {@link #OPEN_DURATION}); a worker calls it instead of taking a ticket it could not save.
     *
     * @param maxWait the longest wait
     * @return true when storage is available again (at once if it is now, even with the interrupt flag set), false on
     *         timeout or interrupt (the flag is kept)
     */
    public boolean awaitAvailable(Duration maxWait) {
        long remainingNanos = maxWait.toNanos();
        stateLock.lock();
        try {
            while (!isAvailable()) {
                if (remainingNanos <= 0 || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                try {
                    remainingNanos = stateChanged.awaitNanos(remainingNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            stateLock.unlock();
        }
    }

    /** Wakes every {@link #awaitAvailable} waiter to look at the breakers again. */
    private void signalStateChanged() {
        stateLock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * @return a queue whose calls go through the {@value #QUEUE} breaker, and its retry for the {@link Idempotent}
     *         methods ({@link ResilientPort}); {@code fetch} and {@code addMulti} are {@link CalledOnce}. Deviates
     *         from Node: screepsmod-mongo's queue logs Redis errors and keeps polling every 10 ms; here an open breaker
     *         rejects calls at once ({@code CallNotPermittedException}) so the runner can wait instead of spinning.
     */
    public UsersQueue decorate(UsersQueue queue) {
        return ResilientPort.decorate(UsersQueue.class, queue, retry(QUEUE), circuitBreaker(QUEUE));
    }

    /**
     * @return a loader whose calls go through {@code CircuitBreaker(redis)(CircuitBreaker(mongo))}, retried by the
     *         {@value #MONGO} retry ({@code load} and {@code commit} are both {@link Idempotent})
     */
    public RuntimeDataLoader decorate(RuntimeDataLoader loader) {
        return ResilientPort.decorate(RuntimeDataLoader.class, loader, retry(MONGO), circuitBreaker(REDIS),
                circuitBreaker(MONGO));
    }

    /**
     * @return a writer whose calls go through {@code CircuitBreaker(redis)(CircuitBreaker(mongo))}, retried by the
     *         {@value #MONGO} retry ({@code save} and {@code report} are both {@link Idempotent}: a retry completes a
     *         save or report that failed half-way and counts its notification once)
     */
    public ResultWriter decorate(ResultWriter writer) {
        return ResilientPort.decorate(ResultWriter.class, writer, retry(MONGO), circuitBreaker(REDIS),
                circuitBreaker(MONGO));
    }

    /**
     * @return true if {@code t} is a storage fault or a breaker's rejection ({@link CallNotPermittedException}):
     *         the call may succeed later, so the ticket goes back on the queue
     */
    public static boolean isStorageUnavailable(Throwable t) {
        return isStorageFault(t) || anyCause(t, e -> e instanceof CallNotPermittedException);
    }

    /** @return true if {@code t} (or its cause) is MongoDB or Redis being unreachable, slow or going away */
    public static boolean isStorageFault(Throwable t) {
        return isMongoFault(t) || isRedisFault(t);
    }

    /** @return true if {@code t} (or its cause) is MongoDB being unreachable, slow or going away */
    public static boolean isMongoFault(Throwable t) {
        return anyCause(t, e -> e instanceof MongoException
                && !(e instanceof MongoWriteException) && !(e instanceof MongoCommandException));
    }

    /** @return true if {@code t} (or its cause) is Redis being unreachable, slow or going away */
    public static boolean isRedisFault(Throwable t) {
        return anyCause(t, e -> e instanceof RedisException && !(e instanceof RedisCommandExecutionException));
    }

    /**
     * The {@value #MONGO} breaker records only MongoDB faults and ignores Redis faults (and the other way round), so
     * that one breaker can guard a call that touches both services without blaming the wrong one. A rejection by
     * another breaker ({@link CallNotPermittedException}) is ignored too.
     */
    private static CircuitBreakerConfig breakerConfig(CircuitBreakerConfig base, String name) {
        Predicate<Throwable> own = name.equals(MONGO) ? StorageResilience::isMongoFault : StorageResilience::isRedisFault;
        Predicate<Throwable> other = name.equals(MONGO) ? StorageResilience::isRedisFault : StorageResilience::isMongoFault;
        return CircuitBreakerConfig.from(base)
                .recordException(own)
                .ignoreException(t -> t instanceof CallNotPermittedException || (other.test(t) && !own.test(t)))
                .build();
    }

    private static boolean anyCause(Throwable t, Predicate<Throwable> test) {
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (test.test(e)) {
                return true;
            }
        }
        return false;
    }
}
