package dev.tickrunner.telemetry;

import java.util.Locale;

/**
 * One stage of one user ticket, as the runner loop reports it. Built only when someone listens
 * ({@link TickEventPublisher#publish}). Published on the worker thread running the ticket, in this order:
 * {@link Start}, {@link RunUser}, then either {@link SaveResultStart} and {@link SaveResultFinish} (the tick ran or
 * was skipped and something is saved) or neither (load failed, user inactive), then {@link Finish}.
 *
 * <p>Mirrors: engine src/runner.js {@code driver.config.emit('runnerLoopStage', ...)} with the stages start,
 * runUser, saveResultStart, saveResultFinish, finish. Deviates from Node: {@code start} is published once a ticket is
 * in hand (a fetch that returns nothing is no tick), so every event carries the user id.
 */
public sealed interface TickEvent {
    /** @return the player's user id */
    String userId();

    /** How a ticket ended; tag values of {@link MeterNames#TICKS}. */
    enum Result {
        /** The loop returned and the results were saved. */
        DONE,
        /**
         * The player's own doing: the script threw (its Memory and intents still saved, as in Node), called
         * {@code Game.cpu.halt()}, or left results that cannot be saved (too many segments, unserialisable Memory).
         */
        ERROR,
        /** The CPU limit was reached, or the tick was cancelled or stopped by the wall-clock backstop. */
        TIMEOUT,
        /** The sandbox failed on the runner's side: out of memory, a sandbox that could not start, an internal error. */
        FAILED,
        /** The CPU gate skipped the tick, or the user had no objects. */
        SKIPPED,
        /** Loading the runtime data or saving the results failed (a storage fault, not the player's). */
        SAVE_FAILED;

        /** @return the tag value, e.g. {@code save_failed} */
        public String tagValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @return whether the sandbox failed in a way the player's script cannot catch (timeout, cancel, out of
         *         memory, internal error): what the failure watchdog counts. A player's own exception is not one: on
         *         Node it keeps its global, so here it does too.
         */
        public boolean isSandboxFailure() {
            return this == TIMEOUT || this == FAILED;
        }
    }

    /** A ticket was taken from the queue (or posted through the embedding API). */
    record Start(String userId) implements TickEvent {
    }

    /** Loading the player's runtime data begins. */
    record RunUser(String userId) implements TickEvent {
    }

    /**
     * The tick ran (or was skipped by the CPU gate); saving begins.
     *
     * @param gameTime  the tick's game time, ticks (−1 when not loaded)
     * @param result    how the tick ended in the sandbox, before saving
     * @param cpuUsedMs {@code lastUsedCpu}, ms (0 when the loop did not run)
     */
    record SaveResultStart(String userId, long gameTime, Result result, long cpuUsedMs) implements TickEvent {
    }

    /**
     * Saving ended.
     *
     * @param saved     whether every write succeeded
     * @param saveNanos time spent saving, ns
     */
    record SaveResultFinish(String userId, boolean saved, long saveNanos) implements TickEvent {
    }

    /**
     * The ticket is over.
     *
     * @param gameTime       the tick's game time, ticks (−1 when the runtime data was never loaded)
     * @param result         how it ended
     * @param loaded         whether the runtime data loaded (false: a storage fault while loading)
     * @param cpuUsedMs      {@code lastUsedCpu}, ms (0 when the loop did not run)
     * @param allocatedBytes bytes the worker thread allocated while the tick ran in the sandbox (0 when it did not run)
     * @param error          the error the player sees, or null
     * @param loadNanos      load stage, ns
     * @param runNanos       run stage (lease, prepare, loop, collect), ns; 0 when it did not run
     * @param saveNanos      save stage, ns; 0 when nothing was saved
     */
    record Finish(String userId, long gameTime, Result result, boolean loaded, long cpuUsedMs, long allocatedBytes,
                  String error, long loadNanos, long runNanos, long saveNanos) implements TickEvent {
        /** @return whether the tick's loop ran in a sandbox */
        public boolean ran() {
            return runNanos > 0;
        }

        /** @return load + run + save, ns */
        public long totalNanos() {
            return loadNanos + runNanos + saveNanos;
        }
    }
}
