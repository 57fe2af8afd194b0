package dev.tickrunner.sandbox;

import java.time.Duration;

/**
 * What {@link SandboxPool} needs of a sandbox: who it belongs to, which code it runs, whether it must be replaced, and
 * how to close it. {@link PlayerSandbox} is the real one; tests give the pool plain objects, so that its state machine
 * is tested without GraalJS.
 */
public interface PooledSandbox extends AutoCloseable {
    /** @return the player's user id */
    String userId();

    /** @return the code timestamp the sandbox was created for, ms */
    long codeTimestamp();

    /** @return why the sandbox must be replaced (a global reset), or null while it can run ticks */
    ResetReason resetReason();

    /** @return how long ago the sandbox was created */
    Duration age();

    /** @return ticks run in the sandbox */
    long ticksRun();

    /** Closes the sandbox, cancelling anything it runs. Idempotent; never throws. */
    @Override
    void close();
}
