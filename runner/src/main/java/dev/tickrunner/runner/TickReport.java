package dev.tickrunner.runner;

import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.telemetry.ResultTag;

/**
 * What one user ticket amounted to, for logs, the demo's per-tick line, metrics and the watchdog.
 *
 * @param userId    the player
 * @param gameTime  the tick's game time, ticks (−1 when the runtime data was never loaded)
 * @param outcome   how it ended, saving included (a tick whose save failed for lack of storage is
 *                  {@link TickOutcome.StorageUnavailable})
 * @param cpuUsedMs {@code lastUsedCpu}: player CPU plus intent CPU, ms (0 when the loop did not run)
 * @param intents   raw intents issued (0 when none)
 * @param loadNanos time to load the runtime data, ns
 * @param runNanos  time in the sandbox (lease, prepare, loop, collect), ns
 * @param saveNanos time to save the results, ns
 */
public record TickReport(String userId, long gameTime, TickOutcome outcome, long cpuUsedMs, int intents,
                         long loadNanos, long runNanos, long saveNanos) {

    /** @return the metric tag of {@link #outcome()} ({@code tickrunner.ticks}) */
    public ResultTag result() {
        return ResultTag.of(outcome);
    }

    /** @return the error the player sees, or, when storage failed, its cause; null when none */
    public String error() {
        return outcome.errorText();
    }
}
