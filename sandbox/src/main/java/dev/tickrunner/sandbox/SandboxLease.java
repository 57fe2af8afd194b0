package dev.tickrunner.sandbox;

/**
 * Exclusive use of one player's sandbox by the current thread, from {@link SandboxPool#acquire} until
 * {@link #close()}. Use it only in try-with-resources; a lease never closed leaves the sandbox in use forever.
 */
public final class SandboxLease implements AutoCloseable {
    private final SandboxPool pool;
    private final SandboxPool.Entry entry;
    private boolean closed;

    SandboxLease(SandboxPool pool, SandboxPool.Entry entry) {
        this.pool = pool;
        this.entry = entry;
    }

    /** @return the leased sandbox; valid until the lease closes */
    public PlayerSandbox sandbox() {
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
