package dev.tickrunner.telemetry;

import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.sandbox.SandboxPoolStats;
import dev.tickrunner.storage.UsersQueue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry of one runner process, wired in this order: a Prometheus registry and the sandbox pool's metrics
 * tracker (before the pool exists), then {@link #bind} to the coordinator's tick events (meters, runtime metrics,
 * failure watchdog carried out by {@link WatchdogEnforcer}), then the optional HTTP endpoint. Closing stops the
 * endpoint, unsubscribes from the events and removes the meters. The runner creates, binds and closes it; it knows
 * the runner only through {@link TickEventPublisher} and {@link WorkerStatus}.
 */
public final class RunnerTelemetry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerTelemetry.class);

    private final TelemetryConfig config;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerSandboxMetricsTracker sandboxTracker = new MicrometerSandboxMetricsTracker(registry);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private FailureWatchdog watchdog;
    private RuntimeMetrics runtimeMetrics;
    private TelemetryServer server;

    /** @param config port, watchdog settings, clock */
    public RunnerTelemetry(TelemetryConfig config) {
        this.config = config;
    }

    /** @return the tracker to give the sandbox pool */
    public MicrometerSandboxMetricsTracker sandboxTracker() {
        return sandboxTracker;
    }

    /**
     * Binds the meters, the runtime-metrics table and the failure watchdog to a running shard, then starts the HTTP
     * endpoint unless {@code metricsPort} is {@link TelemetryConfig#NO_SERVER}.
     *
     * @param events      the coordinator's tick events, measured and watched
     * @param workers     the coordinator's worker threads, for {@code /health}
     * @param pool        the sandbox pool (gauges, runtime metrics, watchdog resets)
     * @param queue       the users queue (depth gauges)
     * @param jitActive   whether the optimizing Graal JIT runs player code
     * @param alertSink   where watchdog alerts go
     * @throws java.io.UncheckedIOException if the metrics port cannot be bound
     */
    public void bind(TickEventPublisher events, WorkerStatus workers, SandboxPool<?> pool, UsersQueue queue,
                     boolean jitActive, WatchdogAlertSink alertSink) {
        sandboxTracker.bindTo(pool);
        closeables.add(new ShardGauges(registry, queue, jitActive));
        TickMeters tickMeters = new TickMeters(registry);
        closeables.add(tickMeters);
        WatchdogEnforcer enforcer = new WatchdogEnforcer(pool::markForReset, alertSink, registry);
        this.watchdog = new FailureWatchdog(config.watchdog(), config.clock(), enforcer);
        this.runtimeMetrics = new RuntimeMetrics(pool::sandboxes, watchdog::consecutiveFailures, config.clock());
        closeables.add(events.add(tickMeters));
        closeables.add(events.add(runtimeMetrics));
        closeables.add(events.add(watchdog));
        if (config.metricsPort() != TelemetryConfig.NO_SERVER) {
            server = TelemetryServer.start(new InetSocketAddress(config.metricsHost(), config.metricsPort()), registry,
                    () -> health(workers, pool, jitActive), runtimeMetrics::snapshot);
        }
    }

    /** @return the registry every tickrunner meter is in (bind further meters, e.g. {@link StorageMeters}, here) */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** @return the failure watchdog, once bound */
    public FailureWatchdog watchdog() {
        return watchdog;
    }

    /** @return the per-sandbox figures, once bound */
    public RuntimeMetrics runtimeMetrics() {
        return runtimeMetrics;
    }

    /** @return the HTTP endpoint's port, when one runs */
    public Optional<Integer> port() {
        return Optional.ofNullable(server).map(TelemetryServer::port);
    }

    /** @return the address and port the HTTP endpoint listens on, empty without one */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(server).map(TelemetryServer::address);
    }

    /** Housekeeping (every 60 s): forgets expired alert throttles. Catches and logs everything. */
    public void housekeep() {
        try {
            if (watchdog != null) {
                watchdog.forgetExpiredAlerts();
            }
        } catch (RuntimeException e) {
            LOG.error("Telemetry housekeeping failed", e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable closeable : closeables.reversed()) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing telemetry failed", e);
            }
        }
        sandboxTracker.close();
        registry.close();
    }

    private static Health health(WorkerStatus workers, SandboxPool<?> pool, boolean jitActive) {
        SandboxPoolStats stats = pool.stats();
        return new Health(workers.isRunning() ? Health.UP : Health.DOWN, workers.workerThreads(), jitActive,
                stats.idle(), stats.inUse());
    }
}
