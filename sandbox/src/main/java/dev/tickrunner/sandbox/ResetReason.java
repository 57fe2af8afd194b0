package dev.tickrunner.sandbox;

/** Why a player's global was reset (its sandbox thrown away). Tag values of {@code tickrunner.sandbox.resets}. */
public enum ResetReason {
    /** The player uploaded new code (a newer {@code users.code.timestamp}). Mirrors: user-vm.js create. */
    CODE_CHANGED,
    /** {@code Game.cpu.halt()}. */
    HALT,
    /** The tick was cancelled (CPU limit not stoppable by interrupt, wall-clock backstop, out of memory). */
    TIMEOUT,
    /** The runner's watchdog asked for a fresh sandbox after repeated failures. */
    WATCHDOG,
    /** Unused longer than the idle timeout (3 min), or evicted by the sandbox cap. */
    IDLE,
    /** {@code runtimeRestart} or shutdown cleared every sandbox. */
    RESTART
}
