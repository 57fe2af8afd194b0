package dev.tickrunner.runner.cli;

import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.runner.demo.DemoShard;
import dev.tickrunner.runner.demo.LiveDemo;
import dev.tickrunner.runner.demo.ServerProcesses;
import dev.tickrunner.telemetry.TelemetryConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickrunner demo [--ticks N]}: the embedded default, with no servers to install. Starts an in-process
 * MongoDB-wire server and an embedded Redis and imports the bundled initial world. With Node and the build's install
 * of the real server ({@link ServerProcesses#INSTALL_DIR}) it is a live shard ({@link LiveDemo}): the real
 * {@code main} and {@code processor}, tickrunner as the runner, and the world changes. Without them, or with
 * {@code --runner-only}, it says why and acts as the shard's main loop itself ({@link DemoShard}): the bots run, but
 * nothing processes their intents. One line per tick, then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the bundled world for N ticks on embedded MongoDB + Redis: the real main and processor "
                + "(Node) with tickrunner as the runner, or tickrunner alone with --runner-only.")
public final class DemoCommand implements Callable<Integer> {
    /** The {@code node} executable: {@code TICKRUNNER_NODE}, else {@code node} on the PATH. */
    static final String NODE_ENV = "TICKRUNNER_NODE";

    @Option(names = "--runner-only", description = "no real server: tickrunner acts as main (the world does not change)")
    boolean runnerOnly;

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
    public Integer call() throws Exception {
        if (ticks < 1 || threads < 1) {
            throw new IllegalArgumentException("--ticks and --threads must be >= 1, were " + ticks + " and " + threads);
        }
        String node = System.getenv().getOrDefault(NODE_ENV, "node");
        Path install = Path.of(System.getProperty("tickrunner.home", ".")).resolve(ServerProcesses.INSTALL_DIR);
        if (runnerOnly) {
            return runnerOnly();
        }
        String missing = !ServerProcesses.nodeAvailable(node) ? "Node.js (" + node + ") is not on this machine"
                : !ServerProcesses.installed(install) ? "the real server is not installed in " + install
                + " (the build's npm ci of live-server/)" : null;
        if (missing == null) {
            return live(install, node);
        }
        System.out.println("tickrunner demo: " + missing + ": running the runner-only demo instead (tickrunner "
                + "acts as main; no processor, so the world does not change).");
        return runnerOnly();
    }

    private int live(Path install, String node) throws Exception {
        System.out.println("tickrunner demo: a live shard on embedded MongoDB-wire server + Redis: the bundled world "
                + "(db.original.json), the real server's storage, main and processor (screeps 4.3.0, Node), tickrunner "
                + "as the only runner with " + threads + " worker threads, " + ticks + " ticks.");
        try (LiveDemo demo = LiveDemo.start(install, node, threads, TelemetryConfig.on(metricsHost, metricsPort))) {
            demo.runtime().telemetry().port().ifPresent(port -> System.out.println("Telemetry: http://localhost:"
                    + port + "/metrics  /health  /runtime/metrics"));
            System.out.println("Server logs: " + demo.world().resolve("logs"));
            long t0 = System.nanoTime();
            LiveDemo.Summary summary = demo.runTicks(ticks, System.out);
            summarize(summary.reports(), (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "the bots achieved: creeps %d -> %d, %d energy harvested, controller "
                            + "progress +%d; gameTime %d -> %d, %d main loop resets%n", summary.creepsBefore(),
                    summary.creepsAfter(), summary.energyHarvested(), summary.controllerProgress(),
                    summary.firstGameTime(), summary.lastGameTime(), summary.mainLoopResets());
            return 0;
        }
    }

    private int runnerOnly() {
        System.out.println("tickrunner demo: embedded MongoDB-wire server + Redis, bundled world (db.original.json), "
                + ticks + " ticks, " + threads + " worker threads.");
        System.out.println("Note: no processor runs, so the world itself does not change between ticks; the bots' "
                + "intents are saved to roomIntents:* and their Memory to memory:*.");
        try (DemoShard shard = DemoShard.start(threads, TelemetryConfig.on(metricsHost, metricsPort))) {
            shard.runtime().telemetry().port().ifPresent(port -> System.out.println("Telemetry: http://localhost:"
                    + port + "/metrics  /health  /runtime/metrics"));
            long t0 = System.nanoTime();
            List<TickReport> reports = shard.runTicks(ticks, System.out);
            summarize(reports, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    private void summarize(List<TickReport> reports, double seconds) {
        long done = reports.stream().filter(r -> r.result() == ResultTag.DONE).count();
        long failed = reports.size() - done;
        long intents = reports.stream().mapToLong(TickReport::intents).sum();
        double meanCpu = reports.stream().mapToLong(TickReport::cpuUsedMs).average().orElse(0);
        System.out.printf(Locale.ROOT, "summary: %d ticks, %d user tickets (%d done, %d not done), %d intents, "
                + "mean player CPU %.1f ms, %.1f s wall%n", ticks, reports.size(), done, failed, intents, meanCpu, seconds);
        System.out.printf(Locale.ROOT, "per user ticket (median): load %.1f ms, sandbox %.1f ms, save %.1f ms%n",
                medianMs(reports, TickReport::loadNanos), medianMs(reports, TickReport::runNanos),
                medianMs(reports, TickReport::saveNanos));
    }
}
