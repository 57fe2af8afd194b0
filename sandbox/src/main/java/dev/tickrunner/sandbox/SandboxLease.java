package dev.tickrunner.sandbox;

/**
 * Exclusive use of one player's sandbox by the current thread, from {@link SandboxPool#acquire} until
 * {@link #close()}. Use it only in try-with-resources; a lease never closed leaves the sandbox in use forever.
 *
 * @param <S> the sandbox type
 */
public final class SandboxLease<S extends PooledSandbox> implements AutoCloseable {
    private final SandboxPool<S> pool;
    private final SandboxPool.Entry<S> entry;
    private boolean closed;

    SandboxLease(SandboxPool<S> pool, SandboxPool.Entry<S> entry) {
        this.pool = pool;
        this.entry = entry;
    }

    /** @return the leased sandbox; valid until the lease closes */
    public S sandbox() {
        return entry.sandbox;
    }

    /** Asks for a global reset of this sandbox when the lease closes. */
    public void markForReset(ResetReason reason) {
        entry.resetReason = reason;
    }

    /** Returns the sandbox to the pool (or closes it when a reset was asked for). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.release(entry);
        }
    }
}
