package dev.tickrunner.telemetry;

import java.time.InstantSource;
import java.util.Objects;

/**
 * The runner's telemetry settings.
 *
 * @param metricsHost the address the HTTP endpoint binds ({@code --metrics-host}), {@value #DEFAULT_METRICS_HOST} by
 *                    default so that only this machine reaches it; {@code 0.0.0.0} for every interface
 * @param metricsPort port of the HTTP endpoint ({@code --metrics-port}): 0 picks a free port, {@link #NO_SERVER}
 *                    serves nothing (meters are still kept)
 * @param watchdog    the failure watchdog's threshold and alert interval
 * @param clock       wall clock for alert throttling, notification dates and {@code lastUsed}
 */
public record TelemetryConfig(String metricsHost, int metricsPort, WatchdogConfig watchdog, InstantSource clock) {
    /** The conventional port of a Prometheus exporter (OpenTelemetry's Prometheus exporter uses it too). */
    public static final int DEFAULT_METRICS_PORT = 9464;
    /** Loopback: the endpoint is for this machine's Prometheus unless the operator says otherwise. */
    public static final String DEFAULT_METRICS_HOST = "127.0.0.1";
    /** {@link #metricsPort()} value: no HTTP endpoint. */
    public static final int NO_SERVER = -1;

    /**
     * @throws IllegalArgumentException if {@code metricsPort < -1 || metricsPort > 65535}
     * @throws IllegalArgumentException if {@code metricsHost} is blank
     * @throws NullPointerException     if {@code metricsHost}, {@code watchdog} or {@code clock} is null
     */
    public TelemetryConfig {
        Objects.requireNonNull(metricsHost, "metricsHost");
        if (metricsHost.isBlank()) {
            throw new IllegalArgumentException("metricsHost must not be blank");
        }
        Objects.requireNonNull(watchdog, "watchdog");
        Objects.requireNonNull(clock, "clock");
        if (metricsPort < NO_SERVER || metricsPort > 65535) {
            throw new IllegalArgumentException("metricsPort must be -1 (none) or 0..65535, was " + metricsPort);
        }
    }

    /** @return no HTTP endpoint, the default watchdog, the system clock (what library callers and tests get) */
    public static TelemetryConfig withoutServer() {
        return new TelemetryConfig(DEFAULT_METRICS_HOST, NO_SERVER, WatchdogConfig.ofDefaults(), InstantSource.system());
    }

    /** @return the HTTP endpoint on loopback, {@code metricsPort}, the default watchdog, the system clock */
    public static TelemetryConfig onPort(int metricsPort) {
        return on(DEFAULT_METRICS_HOST, metricsPort);
    }

    /**
     * @return the HTTP endpoint on {@code metricsHost:metricsPort}, the default watchdog, the system clock
     * @throws IllegalArgumentException as the constructor
     */
    public static TelemetryConfig on(String metricsHost, int metricsPort) {
        return new TelemetryConfig(metricsHost, metricsPort, WatchdogConfig.ofDefaults(), InstantSource.system());
    }
}
