package dev.tickrunner.model;

import java.util.Objects;

/**
 * A tick that produced no {@link TickResult}: the sandbox failed before the runtime could return (CPU limit
 * reached, out of memory, halted, watchdog timeout, an internal error), or the runtime data could not be loaded
 * (CPU bucket empty, skip-ticks penalty). Only the error reaches storage: it is published on
 * {@code user:<id>/console} as {@code {userId, error}}, and neither Memory nor intents are saved, as in Node.
 *
 * <p>Mirrors: driver lib/runtime/make.js catch blocks; engine src/runner.js saveResult with only {@code error}.
 *
 * @param userId       the player's user id
 * @param kind         what failed
 * @param error        the text the player sees in the console, word for word from the Node runner where it has one
 * @param resetSandbox whether the player's global was (or must be) reset because of it
 */
public record TickFailure(String userId, Kind kind, String error, boolean resetSandbox) {

    /** The kinds of failure a tick can have. */
    public enum Kind {
        /** The CPU limit or tick limit was reached and the script was interrupted. */
        TIMEOUT,
        /** The per-tick allocation budget or the retained-heap guard was exceeded. */
        OUT_OF_MEMORY,
        /** {@code Game.cpu.halt()} was called. */
        HALTED,
        /**
         * The runtime could not collect the tick's results because of what the script left behind (more than 10
         * segments, an invalid or oversized segment, Memory that cannot be serialised): nothing is saved, as in Node.
         */
        SCRIPT_ERROR,
        /** The CPU gate of make.js skipped the tick (bucket empty, skip-ticks penalty). */
        SKIPPED,
        /** The hard wall-clock backstop fired (Node: "timed out ungracefully"). */
        WATCHDOG,
        /** Anything else: a bug of ours or a storage failure; the message says which. */
        INTERNAL
    }

    /** @throws NullPointerException if any component is null */
    public TickFailure {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(error, "error");
    }
}
