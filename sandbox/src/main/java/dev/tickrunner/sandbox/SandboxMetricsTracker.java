package dev.tickrunner.sandbox;

/**
 * Receives the sandbox pool's measurements; every method does nothing by default, so turned-off metrics cost
 * nothing. The Micrometer adapter lives in runner (telemetry depends on nothing).
 */
public interface SandboxMetricsTracker {
    /** Records nothing. */
    SandboxMetricsTracker NOOP = new SandboxMetricsTracker() {
    };

    /** @param nanos time to lease a sandbox, including creating one, ns */
    default void recordAcquireNanos(long nanos) {
    }

    /** @param millis time to create a new player context, ms */
    default void recordContextCreateMillis(long millis) {
    }

    /** @param reason why a sandbox was thrown away */
    default void recordReset(ResetReason reason) {
    }
}
