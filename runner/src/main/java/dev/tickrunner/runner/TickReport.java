package dev.tickrunner.runner;

/**
 * What one user ticket amounted to, for logs, the demo's per-tick line, metrics and the watchdog.
 *
 * @param userId       the player
 * @param gameTime     the tick's game time, ticks (−1 when the runtime data was never loaded)
 * @param outcome      how it ended
 * @param cpuUsedMs    {@code lastUsedCpu}: player CPU plus intent CPU, ms (0 when the loop did not run)
 * @param intents      raw intents issued (0 when none)
 * @param error        the error the player sees, or null
 * @param loadNanos    time to load the runtime data, ns
 * @param runNanos     time in the sandbox (lease, prepare, loop, collect), ns
 * @param saveNanos    time to save the results, ns
 */
public record TickReport(String userId, long gameTime, Outcome outcome, long cpuUsedMs, int intents, String error,
                         long loadNanos, long runNanos, long saveNanos) {

    /** How a ticket ended; tag values of {@code tickrunner.ticks}. */
    public enum Outcome {
        /** The loop returned and the results were saved. */
        DONE,
        /**
         * The player's own doing: the script threw (results still saved, as in Node), called {@code Game.cpu.halt()},
         * or left results that cannot be saved.
         */
        ERROR,
        /** The CPU limit was reached, or the tick was cancelled or stopped by the wall-clock backstop. */
        TIMEOUT,
        /** The sandbox failed on the runner's side: out of memory, a sandbox that could not start, an internal error. */
        FAILED,
        /** The CPU gate skipped the tick, or the user had no objects (set inactive). */
        SKIPPED,
        /** Saving the results failed (storage fault). */
        SAVE_FAILED
    }
}
