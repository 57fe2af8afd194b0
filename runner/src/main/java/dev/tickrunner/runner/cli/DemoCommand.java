package dev.tickrunner.runner.cli;

import dev.tickrunner.runner.TickReport;
import dev.tickrunner.runner.demo.DemoShard;
import dev.tickrunner.runner.telemetry.TelemetryConfig;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickrunner demo [--ticks N]}: the embedded default, with no servers to install. Starts an in-process
 * MongoDB-wire server and an embedded Redis, imports the bundled initial world and acts as the shard's main loop for
 * N ticks; the world's bots run their own code from {@code users.code}. One line per tick, then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the bundled world's bots for N ticks on embedded MongoDB + Redis (no processor).")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--ticks", defaultValue = "20", description = "main-loop ticks (default ${DEFAULT-VALUE})")
    int ticks;

    @Option(names = "--threads", defaultValue = "2", description = "runner worker threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--metrics-host", defaultValue = TelemetryConfig.DEFAULT_METRICS_HOST,
            description = "address /metrics, /health and /runtime/metrics bind; 0.0.0.0 = every interface "
                    + "(default ${DEFAULT-VALUE}: this machine only)")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "" + TelemetryConfig.DEFAULT_METRICS_PORT,
            description = "port of /metrics (Prometheus), /health and /runtime/metrics; 0 = any free port, -1 = none "
                    + "(default ${DEFAULT-VALUE})")
    int metricsPort;

    private static double medianMs(List<TickReport> reports, java.util.function.ToLongFunction<TickReport> nanos) {
        long[] values = reports.stream().mapToLong(nanos).sorted().toArray();
        return values.length == 0 ? 0 : values[values.length / 2] / 1e6;
    }

    @Override
    public Integer call() {
        System.out.println("tickrunner demo: embedded MongoDB-wire server + Redis, bundled world (db.original.json), "
                + ticks + " ticks, " + threads + " worker threads.");
        System.out.println("Note: no processor runs, so the world itself does not change between ticks; the bots' "
                + "intents are saved to roomIntents:* and their Memory to memory:*.");
        try (DemoShard shard = DemoShard.start(threads, TelemetryConfig.on(metricsHost, metricsPort))) {
            shard.runtime().telemetry().port().ifPresent(port -> System.out.println("Telemetry: http://localhost:"
                    + port + "/metrics  /health  /runtime/metrics"));
            long t0 = System.nanoTime();
            List<TickReport> reports = shard.runTicks(ticks, System.out);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long done = reports.stream().filter(r -> r.outcome() == TickReport.Outcome.DONE).count();
            long failed = reports.size() - done;
            long intents = reports.stream().mapToLong(TickReport::intents).sum();
            double meanCpu = reports.stream().mapToLong(TickReport::cpuUsedMs).average().orElse(0);
            System.out.printf(Locale.ROOT, "summary: %d ticks, %d user tickets (%d done, %d not done), %d intents, "
                    + "mean player CPU %.1f ms, %.1f s wall%n", ticks, reports.size(), done, failed, intents, meanCpu, seconds);
            System.out.printf(Locale.ROOT, "per user ticket (median): load %.1f ms, sandbox %.1f ms, save %.1f ms%n",
                    medianMs(reports, TickReport::loadNanos), medianMs(reports, TickReport::runNanos),
                    medianMs(reports, TickReport::saveNanos));
            return 0;
        }
    }
}
