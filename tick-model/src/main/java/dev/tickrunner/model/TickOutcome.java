package dev.tickrunner.model;

import java.util.Objects;

/**
 * How one player's tick ended, as one type from the sandbox through the runner to storage, metrics and the failure
 * watchdog. Every decision about a tick (what to save, what to tell the player, whether the ticket is done or put
 * back, which metric tag, whether the watchdog counts it, why a global was reset) is taken from this type, never from
 * error text.
 *
 * <ul>
 *   <li>{@link Completed}: the runtime returned a {@link TickResult} to save — after {@code loop} returned, threw, or
 *       was stopped at the CPU limit (Node saves Memory and intents in all three cases).</li>
 *   <li>{@link Failed}: the runtime did not return; only the error reaches the player (console and notification).</li>
 *   <li>{@link Skipped}: the tick did not run by rule (the CPU gate, or that tick already ran).</li>
 *   <li>{@link Inactive}: the user owns no room objects; nothing is saved or shown.</li>
 *   <li>{@link StorageUnavailable}: MongoDB or Redis failed while loading or saving; nothing of the tick was kept and
 *       the ticket goes back on the queue.</li>
 * </ul>
 *
 * <p>Mirrors: driver lib/runtime/make.js (its resolve and catch branches) and engine src/runner.js saveResult.
 */
public sealed interface TickOutcome {

    /**
     * @return whether the sandbox failed in a way the player's script cannot catch (CPU limit, cancelled or stopped
     *         tick, out of memory, a sandbox that could not start, an internal error): what the failure watchdog
     *         counts. A player's own exception, a halt and unsaveable results are the player's doing and are not.
     */
    default boolean isSandboxFailure() {
        return switch (this) {
            case Completed c -> c.stoppedAtCpuLimit();
            case Failed f -> f.kind().isSandboxFailure();
            case Skipped s -> false;
            case Inactive i -> false;
            case StorageUnavailable u -> false;
        };
    }

    /**
     * @return whether the player's sandbox ran its code to a result or a script error (a returned, throwing,
     *         halted tick or unsaveable results): what clears the failure watchdog's count. Skips, storage faults and
     *         the operator-side load and save errors say nothing of the sandbox.
     */
    default boolean sandboxWorked() {
        return switch (this) {
            case Completed c -> !c.stoppedAtCpuLimit();
            case Failed f -> f.kind() == Failed.Kind.HALTED || f.kind() == Failed.Kind.SCRIPT_ERROR;
            case Skipped s -> false;
            case Inactive i -> false;
            case StorageUnavailable u -> false;
        };
    }

    /** @return the text the player sees for this tick's failure, or null when there is none */
    default String playerError() {
        return switch (this) {
            case Completed c -> c.result().error();
            case Failed f -> f.message();
            case Skipped s -> s.message();
            case Inactive i -> null;
            case StorageUnavailable u -> null;
        };
    }

    /**
     * @return the error to show an operator (logs, traces, the demo): {@link #playerError()}, or for a storage fault
     *         {@code "storage unavailable: <cause>"}; null when there is none
     */
    default String errorText() {
        return this instanceof StorageUnavailable u ? "storage unavailable: " + u.cause() : playerError();
    }

    /**
     * The runtime returned: save the result.
     *
     * @param result            what to save
     * @param threw             whether {@code loop} (or loading the player's code) threw: the runtime's
     *                          {@code type: "error"}; the text is {@link TickResult#error()}
     * @param stoppedAtCpuLimit whether the CPU limit interrupted {@code loop} (then {@code threw} too, with Node's
     *                          "Script execution timed out" text)
     */
    record Completed(TickResult result, boolean threw, boolean stoppedAtCpuLimit) implements TickOutcome {
        /**
         * @throws NullPointerException     if {@code result == null}
         * @throws IllegalArgumentException if {@code stoppedAtCpuLimit && !threw}
         */
        public Completed {
            Objects.requireNonNull(result, "result");
            if (stoppedAtCpuLimit && !threw) {
                throw new IllegalArgumentException("a tick stopped at the CPU limit threw");
            }
        }
    }

    /**
     * The runtime did not return: report the failure, save nothing else.
     *
     * @param kind         what failed
     * @param message      the text the player sees in the console, word for word from the Node runner where it has one
     * @param resetSandbox whether the player's global was (or must be) reset because of it
     */
    record Failed(Kind kind, String message, boolean resetSandbox) implements TickOutcome {
        /** @throws NullPointerException if {@code kind} or {@code message} is null */
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        /** What failed. */
        public enum Kind {
            /** The CPU limit was reached outside {@code loop}, or a tick was cancelled at it, or the statement limit. */
            TIMEOUT(true, true),
            /** The hard wall-clock backstop fired (Node: "timed out ungracefully"). */
            WATCHDOG(true, true),
            /** The per-tick allocation budget or the heap was exhausted. */
            OUT_OF_MEMORY(true, true),
            /** {@code Game.cpu.halt()} was called: the player's own request. */
            HALTED(false, true),
            /**
             * The runtime could not collect the results because of what the script left behind (more than 10
             * segments, an invalid or oversized segment, Memory that cannot be serialised): the player's doing.
             */
            SCRIPT_ERROR(false, true),
            /** The player's sandbox could not be created or leased. */
            SANDBOX_UNAVAILABLE(true, true),
            /** A bug of ours in the sandbox or the runner. */
            INTERNAL(true, true),
            /**
             * The player's runtime data could not be read for a reason other than a storage outage (a malformed
             * document): logged for the operator, not told to the player (nothing ran).
             */
            LOAD_ERROR(false, false),
            /**
             * The results could not be saved for a reason other than a storage outage (a storage limit, a write the
             * server refused): logged for the operator, not told to the player, as the Node runner logs a failed
             * save.
             */
            SAVE_ERROR(false, false);

            private final boolean sandboxFailure;
            private final boolean toldToPlayer;

            Kind(boolean sandboxFailure, boolean toldToPlayer) {
                this.sandboxFailure = sandboxFailure;
                this.toldToPlayer = toldToPlayer;
            }

            /**
             * @return whether the player is told (console error and notification, as make.js's catch does); false for
             *         the operator-side failures of loading and saving
             */
            public boolean toldToPlayer() {
                return toldToPlayer;
            }

            /** @return whether the failure watchdog counts this kind (see {@link TickOutcome#isSandboxFailure()}) */
            public boolean isSandboxFailure() {
                return sandboxFailure;
            }
        }
    }

    /**
     * The tick did not run by rule.
     *
     * @param reason  why
     * @param message the text the player sees (the CPU gate's Node text), or null when the player is told nothing
     */
    record Skipped(Reason reason, String message) implements TickOutcome {
        /** @throws NullPointerException if {@code reason == null} */
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }

        /** Why a tick was skipped. */
        public enum Reason {
            /** make.js getUserData: CPU bucket empty or a skip-ticks penalty. */
            CPU_GATE,
            /** make.js getUserData: no such user. */
            UNKNOWN_USER,
            /** A second ticket for a tick of this player that already ran (main re-queued everyone). */
            ALREADY_RAN
        }
    }

    /** The user owns no room objects: data.js has set {@code users.active = 0}; nothing is saved or shown. */
    record Inactive() implements TickOutcome {
    }

    /**
     * MongoDB or Redis failed (after the retries of the resilient ports, or a breaker was open): nothing of the tick
     * was kept, and the ticket is put back on the queue.
     *
     * @param stage where it failed
     * @param cause a one-line description of the fault, for logs
     */
    record StorageUnavailable(Stage stage, String cause) implements TickOutcome {
        /** @throws NullPointerException if an argument is null */
        public StorageUnavailable {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(cause, "cause");
        }

        /** The step of the tick that storage failed. */
        public enum Stage {
            /** Loading the runtime data (nothing ran). */
            LOAD,
            /** Saving the results (the tick ran; its results were thrown away). */
            SAVE
        }
    }
}
