package dev.tickrunner.telemetry;

import java.time.Duration;
import java.util.Objects;

/**
 * When the failure watchdog gives a player a fresh sandbox and how often it may alert about the same player.
 *
 * @param failureThreshold consecutive failed ticks (script error, timeout, cancelled) after which the next tick gets
 *                         a fresh sandbox, ≥ 1
 * @param alertInterval    at most one alert per player per this interval; resets are never throttled
 */
public record WatchdogConfig(int failureThreshold, Duration alertInterval) {
    /** Consecutive failures before a reset: 3 (issue #5; Node has no such watchdog). */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    /** One alert per player per 10 min (issue #5). */
    public static final Duration DEFAULT_ALERT_INTERVAL = Duration.ofMinutes(10);

    /**
     * @throws IllegalArgumentException if {@code failureThreshold < 1} or {@code alertInterval} is negative
     * @throws NullPointerException     if {@code alertInterval} is null
     */
    public WatchdogConfig {
        Objects.requireNonNull(alertInterval, "alertInterval");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be >= 1, was " + failureThreshold);
        }
        if (alertInterval.isNegative()) {
            throw new IllegalArgumentException("alertInterval must be >= 0, was " + alertInterval);
        }
    }

    /** @return the defaults: 3 failures, 10 min */
    public static WatchdogConfig ofDefaults() {
        return custom().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder custom() {
        return new Builder();
    }

    /** Builds a {@link WatchdogConfig}; values are checked by {@link #build()}. */
    public static final class Builder {
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private Duration alertInterval = DEFAULT_ALERT_INTERVAL;

        private Builder() {
        }

        /** @param value consecutive failures before a reset, ≥ 1 */
        public Builder failureThreshold(int value) {
            this.failureThreshold = value;
            return this;
        }

        /** @param value minimum time between two alerts about one player, ≥ 0 */
        public Builder alertInterval(Duration value) {
            this.alertInterval = value;
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of range (the message names it) */
        public WatchdogConfig build() {
            return new WatchdogConfig(failureThreshold, alertInterval);
        }
    }
}
