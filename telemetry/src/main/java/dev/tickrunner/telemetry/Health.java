package dev.tickrunner.telemetry;

/**
 * The runner's health as {@code /health} serves it (HTTP 200 when {@code status} is {@code UP}, else 503); a
 * point-in-time snapshot.
 *
 * @param status         {@code UP} while worker threads consume the queue, {@code DOWN} before start and after stop
 * @param workerThreads  worker threads started
 * @param jitActive      whether the optimizing Graal JIT runs player code
 * @param sandboxesIdle  warm sandboxes waiting for their player's next tick
 * @param sandboxesInUse sandboxes running a tick now
 */
public record Health(String status, int workerThreads, boolean jitActive, int sandboxesIdle, int sandboxesInUse) {
    /** {@link #status()} while running. */
    public static final String UP = "UP";
    /** {@link #status()} otherwise. */
    public static final String DOWN = "DOWN";

    /** @return whether {@code status} is {@link #UP} */
    public boolean up() {
        return UP.equals(status);
    }
}
