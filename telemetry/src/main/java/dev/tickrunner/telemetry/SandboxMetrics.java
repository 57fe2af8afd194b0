package dev.tickrunner.telemetry;

/**
 * One warm sandbox in the runtime-metrics snapshot ({@code /runtime/metrics}), a point-in-time snapshot.
 *
 * <p>Mirrors: driver lib/runtime/user-vm.js getMetrics() entries ({@code userId, codeTimestamp, lastUsed}); the
 * rest is ours. Deviates from Node: no {@code heap} (a GraalJS context has no heap of its own); the allocation of
 * the last tick stands in for it.
 *
 * @param userId                 the player
 * @param codeTimestamp          the code timestamp the sandbox was created for, ms
 * @param lastUsed               when its last tick ended, ms since the epoch ({@code Date.now()} in user-vm.js)
 * @param sandboxAgeMs           time since it was created, ms
 * @param ticksRun               ticks run in it
 * @param lastTickCpuMs          {@code lastUsedCpu} of the player's last tick, ms, or null before the first
 * @param lastTickAllocatedBytes bytes the worker allocated running the player's last tick, or null before the first
 * @param lastTickResult         how the player's last tick ended ({@code done}, {@code error}, …), or null
 * @param consecutiveFailures    the player's failed ticks in a row (watchdog count), ≥ 0
 */
public record SandboxMetrics(String userId, long codeTimestamp, long lastUsed, long sandboxAgeMs, long ticksRun,
                             Long lastTickCpuMs, Long lastTickAllocatedBytes, String lastTickResult,
                             int consecutiveFailures) {
}
