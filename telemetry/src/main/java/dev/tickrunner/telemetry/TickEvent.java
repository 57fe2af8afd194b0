package dev.tickrunner.telemetry;

import dev.tickrunner.model.TickOutcome;

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
     * @param outcome   how the tick ended in the sandbox, before saving
     * @param cpuUsedMs {@code lastUsedCpu}, ms (0 when the loop did not run)
     */
    record SaveResultStart(String userId, long gameTime, TickOutcome outcome, long cpuUsedMs) implements TickEvent {
        /** @return the metric tag of {@link #outcome()} */
        public ResultTag result() {
            return ResultTag.of(outcome);
        }
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
     * @param outcome        how it ended, saving included
     * @param loaded         whether the runtime data loaded (false: a storage fault while loading)
     * @param cpuUsedMs      {@code lastUsedCpu}, ms (0 when the loop did not run)
     * @param allocatedBytes bytes the worker thread allocated while the tick ran in the sandbox (0 when it did not run)
     * @param loadNanos      load stage, ns
     * @param runNanos       run stage (lease, prepare, loop, collect), ns; 0 when it did not run
     * @param saveNanos      save stage, ns; 0 when nothing was saved
     */
    record Finish(String userId, long gameTime, TickOutcome outcome, boolean loaded, long cpuUsedMs,
                  long allocatedBytes, long loadNanos, long runNanos, long saveNanos) implements TickEvent {
        /** @return the metric tag of {@link #outcome()} */
        public ResultTag result() {
            return ResultTag.of(outcome);
        }

        /** @return the error the player sees, or, when storage failed, its cause; null when none */
        public String error() {
            return outcome.errorText();
        }

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
