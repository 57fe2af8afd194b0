package dev.tickrunner.sandbox;

import java.time.Duration;

/**
 * Figures of one warm sandbox, like the driver's user-vm.js {@code getMetrics()} entries.
 *
 * @param userId        the player
 * @param codeTimestamp the code timestamp it was created for, ms
 * @param idleFor       time since its last tick ended
 * @param age           time since it was created
 * @param ticksRun      ticks run in it
 */
public record SandboxInfo(String userId, long codeTimestamp, Duration idleFor, Duration age, long ticksRun) {
}
