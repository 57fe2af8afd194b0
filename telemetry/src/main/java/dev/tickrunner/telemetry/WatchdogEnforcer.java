package dev.tickrunner.telemetry;

import dev.tickrunner.sandbox.ResetReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the failure watchdog's decisions: marks the player's sandbox for a global reset (so the next tick gets
 * a fresh one), and unless the alert is throttled logs a WARN, counts it and sends it to the {@link WatchdogAlertSink};
 * throttled alerts are only counted. Never throws: a failing sink is logged.
 */
public final class WatchdogEnforcer implements Consumer<WatchdogDecision> {
    private static final Logger LOG = LoggerFactory.getLogger(WatchdogEnforcer.class);

    private final BiConsumer<String, ResetReason> resetSandbox;
    private final WatchdogAlertSink sink;
    private final Counter raised;
    private final Counter throttled;

    /**
     * @param resetSandbox asks for a reset, e.g. {@code pool::markForReset}
     * @param sink         where alerts go
     * @param registry     where {@code tickrunner.watchdog.alerts{result}} goes
     */
    public WatchdogEnforcer(BiConsumer<String, ResetReason> resetSandbox, WatchdogAlertSink sink,
                            MeterRegistry registry) {
        this.resetSandbox = resetSandbox;
        this.sink = sink;
        this.raised = alerts(registry, MeterNames.ALERT_RAISED);
        this.throttled = alerts(registry, MeterNames.ALERT_THROTTLED);
    }

    @Override
    public void accept(WatchdogDecision decision) {
        resetSandbox.accept(decision.userId(), ResetReason.WATCHDOG);
        if (!decision.alert()) {
            throttled.increment();
            LOG.debug("Watchdog: user {} failed {} ticks in a row again; sandbox reset, alert throttled",
                    decision.userId(), decision.consecutiveFailures());
            return;
        }
        raised.increment();
        LOG.warn("Watchdog: user {} failed {} ticks in a row (last: {} at tick {}: {}); next tick gets a fresh "
                        + "sandbox; notified the player and published on {}", decision.userId(),
                decision.consecutiveFailures(), decision.lastResult().tagValue(), decision.gameTime(),
                ShardWatchdogAlertSink.firstLine(decision.lastError()), WatchdogAlertSink.CHANNEL);
        try {
            sink.send(decision);
        } catch (RuntimeException e) {
            LOG.error("Watchdog: sending the alert about user {} failed", decision.userId(), e);
        }
    }

    private static Counter alerts(MeterRegistry registry, String result) {
        return Counter.builder(MeterNames.WATCHDOG_ALERTS)
                .description("Failure watchdog alerts about players whose sandbox kept failing: raised or throttled")
                .tag(MeterNames.TAG_RESULT, result).register(registry);
    }
}
