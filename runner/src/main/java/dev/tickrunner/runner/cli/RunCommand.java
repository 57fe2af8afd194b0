package dev.tickrunner.runner.cli;

import dev.tickrunner.runner.ShardRuntime;
import dev.tickrunner.runner.TickListener;
import dev.tickrunner.runner.config.RunnerConfig;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.telemetry.TelemetryConfig;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tickrunner run}: connects to the shard's MongoDB and Redis and consumes the users queue with N worker
 * threads until SIGTERM/SIGINT, then stops fetching, finishes the tickets in hand and exits 0. Serves
 * {@code /metrics}, {@code /health} and {@code /runtime/metrics} on {@code --metrics-port} (default 9464).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a shard's player ticks from the Redis queue (drop-in for the Node runner).")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--metrics-host", defaultValue = TelemetryConfig.DEFAULT_METRICS_HOST,
            description = "address /metrics, /health and /runtime/metrics bind; 0.0.0.0 = every interface "
                    + "(default ${DEFAULT-VALUE}: this machine only)")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "" + TelemetryConfig.DEFAULT_METRICS_PORT,
            description = "port of /metrics (Prometheus), /health and /runtime/metrics; 0 = any free port, -1 = none "
                    + "(default ${DEFAULT-VALUE})")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        RunnerConfig config = connection.resolve(System.getenv());
        LOG.info("Configuration: {}", config);
        StopSignals stop = StopSignals.install();
        try (ShardStorage storage = ShardStorage.open(config.storage());
             ShardRuntime runtime = new ShardRuntime(storage, config.shardName(), config.engineDir(), config.sandbox(),
                     TickListener.NONE, TelemetryConfig.on(metricsHost, metricsPort))) {
            runtime.start(config.runnerThreads());
            String why = stop.await();
            LOG.info("Stop requested ({}): no new tickets; finishing the tickets in hand", why);
            runtime.coordinator().close();
        }
        LOG.info("Runner exited");
        return 0;
    }
}
