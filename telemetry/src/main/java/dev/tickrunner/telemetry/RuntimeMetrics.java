package dev.tickrunner.telemetry;

import dev.tickrunner.sandbox.SandboxInfo;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * The per-player figures that must never be meter tags: one {@link SandboxMetrics} per warm sandbox, joining the
 * pool's {@link SandboxInfo} with the player's last finished tick (kept from the {@link TickEvent.Finish} events) and
 * the watchdog's count. Served as JSON on {@code /runtime/metrics}.
 *
 * <p>Mirrors: driver lib/runtime/user-vm.js getMetrics(). Thread-safe.
 */
public final class RuntimeMetrics implements TickEventListener {
    private final Supplier<List<SandboxInfo>> sandboxes;
    private final ToIntFunction<String> consecutiveFailures;
    private final InstantSource clock;
    private final Map<String, LastTick> lastTicks = new ConcurrentHashMap<>();

    /**
     * @param sandboxes           the pool's warm sandboxes, e.g. {@code pool::sandboxes}
     * @param consecutiveFailures the watchdog's count per player
     * @param clock               wall clock, for {@code lastUsed}
     */
    public RuntimeMetrics(Supplier<List<SandboxInfo>> sandboxes, ToIntFunction<String> consecutiveFailures,
                          InstantSource clock) {
        this.sandboxes = sandboxes;
        this.consecutiveFailures = consecutiveFailures;
        this.clock = clock;
    }

    @Override
    public void onEvent(TickEvent event) {
        if (event instanceof TickEvent.Finish finish && finish.ran()) {
            lastTicks.put(finish.userId(), new LastTick(finish.cpuUsedMs(), finish.allocatedBytes(),
                    finish.result().tagValue()));
        }
    }

    /**
     * @return one entry per warm sandbox, by user id; a point-in-time snapshot. Forgets the last ticks of players
     * whose sandbox is gone, so the table never outgrows the pool.
     */
    public List<SandboxMetrics> snapshot() {
        long nowMs = clock.millis();
        List<SandboxInfo> warm = sandboxes.get();
        Set<String> alive = warm.stream().map(SandboxInfo::userId).collect(Collectors.toSet());
        lastTicks.keySet().retainAll(alive);
        return warm.stream().sorted(Comparator.comparing(SandboxInfo::userId)).map(info -> {
            LastTick last = lastTicks.get(info.userId());
            return new SandboxMetrics(info.userId(), info.codeTimestamp(), nowMs - info.idleFor().toMillis(),
                    info.age().toMillis(), info.ticksRun(), last == null ? null : last.cpuMs(),
                    last == null ? null : last.allocatedBytes(), last == null ? null : last.result(),
                    consecutiveFailures.applyAsInt(info.userId()));
        }).toList();
    }

    private record LastTick(long cpuMs, long allocatedBytes, String result) {
    }
}
