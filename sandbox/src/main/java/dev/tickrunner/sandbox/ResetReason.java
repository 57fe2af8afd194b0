package dev.tickrunner.sandbox;

import dev.tickrunner.model.TickOutcome;

/**
 * Why a player's global was reset (its sandbox thrown away). Tag values of {@code tickrunner.sandbox.resets}. Set
 * where the reset is decided (the pool, the sandbox's own tick, the watchdog), never guessed afterwards.
 */
public enum ResetReason {
    /** The player uploaded new code (a newer {@code users.code.timestamp}). Mirrors: user-vm.js create. */
    CODE_CHANGED,
    /** {@code Game.cpu.halt()}. Mirrors: user-vm.js {@code _halt}. */
    HALT,
    /** A tick was cancelled at the CPU limit or the statement limit, or stopped by the wall-clock backstop. */
    TIMEOUT,
    /** The per-tick allocation budget, the retained-heap limit or the heap itself was exhausted. */
    OUT_OF_MEMORY,
    /** The context was left half-built: the runtime's start or a tick's preparation did not finish. */
    BROKEN,
    /** An internal error in the sandbox (a bug of ours). */
    INTERNAL_ERROR,
    /** The runner's watchdog asked for a fresh sandbox after repeated failures. */
    WATCHDOG,
    /** Unused longer than the idle timeout (3 min), or evicted by the sandbox cap. */
    IDLE,
    /** {@code runtimeRestart} or shutdown cleared every sandbox. */
    RESTART;

    /** @return the reset a failure of {@code kind} that resets the sandbox stands for */
    static ResetReason of(TickOutcome.Failed.Kind kind) {
        return switch (kind) {
            case TIMEOUT, WATCHDOG -> TIMEOUT;
            case OUT_OF_MEMORY -> OUT_OF_MEMORY;
            case HALTED -> HALT;
            case SCRIPT_ERROR, SANDBOX_UNAVAILABLE, LOAD_ERROR, SAVE_ERROR -> BROKEN;
            case INTERNAL -> INTERNAL_ERROR;
        };
    }
}
