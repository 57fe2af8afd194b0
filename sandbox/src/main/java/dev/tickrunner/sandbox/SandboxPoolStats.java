package dev.tickrunner.sandbox;

/**
 * A point-in-time snapshot of the sandbox pool's counts.
 *
 * @param total sandboxes held
 * @param inUse sandboxes leased to a running tick
 * @param idle  warm sandboxes waiting for their player's next tick
 */
public record SandboxPoolStats(int total, int inUse, int idle) {
    @Override
    public String toString() {
        return "(total=" + total + ", inUse=" + inUse + ", idle=" + idle + ")";
    }
}
