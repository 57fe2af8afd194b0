package dev.tickrunner.storage.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;

/**
 * Runs one storage call through its breakers (and, when the call is idempotent, its retry), rethrowing what the call
 * threw. The composition is always {@code Retry(CircuitBreaker(outer)(CircuitBreaker(inner)(call)))}.
 */
final class GuardedCall {
    private GuardedCall() {
    }

    /** Runs {@code call} through {@code retry} and every breaker in {@code breakers} (outermost first). */
    static <T> T retried(Retry retry, CheckedSupplier<T> call, CircuitBreaker... breakers) {
        return unchecked(Retry.decorateCheckedSupplier(retry, broken(call, breakers)));
    }

    /** Runs {@code call} through every breaker in {@code breakers} once, for calls that are not idempotent. */
    static <T> T once(CheckedSupplier<T> call, CircuitBreaker... breakers) {
        return unchecked(broken(call, breakers));
    }

    static CheckedSupplier<Void> run(Runnable r) {
        return () -> {
            r.run();
            return null;
        };
    }

    private static <T> CheckedSupplier<T> broken(CheckedSupplier<T> call, CircuitBreaker... breakers) {
        CheckedSupplier<T> s = call;
        for (int i = breakers.length - 1; i >= 0; i--) {
            s = CircuitBreaker.decorateCheckedSupplier(breakers[i], s);
        }
        return s;
    }

    private static <T> T unchecked(CheckedSupplier<T> s) {
        try {
            return s.get();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
