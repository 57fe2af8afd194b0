package dev.tickrunner.telemetry;

import java.time.Instant;

/**
 * What the failure watchdog decided about one player: give the next tick a fresh sandbox, and alert unless an alert
 * about this player went out less than the alert interval ago. The runner carries it out.
 *
 * @param userId              the player
 * @param consecutiveFailures failed ticks in a row that triggered it, ≥ threshold
 * @param lastResult          how the last of them ended (the metric tag: {@code timeout} or {@code failed})
 * @param lastError           the error text of the last of them, or null
 * @param gameTime            the game time of the last of them, ticks (−1 when unknown)
 * @param alert               whether to raise an alert (false: throttled)
 * @param decidedAt           wall-clock time of the decision
 */
public record WatchdogDecision(String userId, int consecutiveFailures, ResultTag lastResult, String lastError,
                               long gameTime, boolean alert, Instant decidedAt) {
}
