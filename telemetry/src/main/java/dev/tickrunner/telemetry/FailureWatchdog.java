package dev.tickrunner.telemetry;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Counts each player's consecutive sandbox failures ({@link dev.tickrunner.model.TickOutcome#isSandboxFailure()}: timeouts, cancelled
 * ticks, out of memory, internal errors) from the {@link TickEvent.Finish} events and decides when the next tick needs a fresh sandbox and whether to alert. It only
 * decides: the runner carries out each {@link WatchdogDecision} (reset the sandbox, log, count, notify, publish).
 *
 * <p>A tick whose sandbox worked ({@link dev.tickrunner.model.TickOutcome#sandboxWorked()}: its loop returned or
 * threw, it halted, or its results were unsaveable) clears the count: the sandbox works, and a player whose own script throws
 * every tick keeps one global, as on Node. Skipped ticks and storage faults leave the count as it is (they say
 * nothing of the sandbox). Reaching the threshold starts counting again from 0, so a player who keeps failing gets a fresh sandbox every
 * {@code failureThreshold} ticks; alerts about one player are throttled to one per {@code alertInterval}.
 *
 * <p>Deviates from Node: the driver has no such watchdog; its make.js only clears a VM after a fatal error.
 * Thread-safe: one player's events come from one worker thread at a time, and per-player state changes atomically.
 */
public final class FailureWatchdog implements TickEventListener {
    private final WatchdogConfig config;
    private final InstantSource clock;
    private final Consumer<WatchdogDecision> executor;
    private final Map<String, Integer> consecutiveFailures = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastAlert = new ConcurrentHashMap<>();

    /**
     * @param config   threshold and alert interval
     * @param clock    wall clock for alert throttling
     * @param executor carries out each decision, on the worker thread that finished the ticket
     */
    public FailureWatchdog(WatchdogConfig config, InstantSource clock, Consumer<WatchdogDecision> executor) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public void onEvent(TickEvent event) {
        if (event instanceof TickEvent.Finish finish) {
            WatchdogDecision decision = decide(finish);
            if (decision != null) {
                executor.accept(decision);
            }
        }
    }

    /**
     * Updates the player's count from one finished ticket.
     *
     * @return the decision when the threshold is reached, else null
     */
    public WatchdogDecision decide(TickEvent.Finish finish) {
        String userId = finish.userId();
        if (finish.outcome().sandboxWorked()) {
            consecutiveFailures.remove(userId);
            return null;
        }
        if (!finish.outcome().isSandboxFailure()) {
            return null;
        }
        int[] reached = {0};
        consecutiveFailures.compute(userId, (id, count) -> {
            int next = count == null ? 1 : count + 1;
            if (next >= config.failureThreshold()) {
                reached[0] = next;
                return null;
            }
            return next;
        });
        if (reached[0] == 0) {
            return null;
        }
        Instant now = clock.instant();
        boolean[] alert = {false};
        lastAlert.compute(userId, (id, last) -> {
            if (last == null || !now.isBefore(last.plus(config.alertInterval()))) {
                alert[0] = true;
                return now;
            }
            return last;
        });
        return new WatchdogDecision(userId, reached[0], finish.result(), finish.error(), finish.gameTime(), alert[0],
                now);
    }

    /** @return the player's sandbox failures in a row since the last tick that ran to its end or threw, or the last reset, ≥ 0 */
    public int consecutiveFailures(String userId) {
        return consecutiveFailures.getOrDefault(userId, 0);
    }

    /** @return the threshold and alert interval */
    public WatchdogConfig config() {
        return config;
    }

    /**
     * Forgets alert times older than the alert interval, so the throttle table does not grow with every player ever
     * alerted about. Call it from housekeeping.
     */
    public void forgetExpiredAlerts() {
        Instant cutoff = clock.instant().minus(config.alertInterval());
        lastAlert.values().removeIf(at -> at.isBefore(cutoff));
    }
}
