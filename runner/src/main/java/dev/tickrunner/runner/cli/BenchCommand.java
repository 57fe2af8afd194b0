package dev.tickrunner.runner.cli;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.runner.JitStatus;
import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.TickOutcome;
import dev.tickrunner.sandbox.replay.Recording;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tickrunner bench FILE.json [--ticks N]}: replays a recording in a loop on one warm sandbox and prints the
 * warm per-tick CPU (thread CPU time of the whole tick: prepare, loop, collect; median and p95 over the ticks after
 * warm-up, ms) and the player-visible CPU ({@code Game.cpu.getUsed()} at the end of the loop), then the cold cost
 * (new sandbox + first tick, wall ms, median of several), ending with one machine-readable line
 * {@code bench: ticks=… warm_cpu_ms_median=… warm_cpu_ms_p95=… cold_ms=…}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a recorded tick: warm per-tick CPU and cold start cost.")
public final class BenchCommand implements Callable<Integer> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Parameters(index = "0", paramLabel = "FILE.json", description = "a recording (shared/conformance format)")
    Path file;

    @Option(names = "--ticks", defaultValue = "200", description = "measured warm ticks (default ${DEFAULT-VALUE})")
    int ticks;

    @Option(names = "--warmup", defaultValue = "100", description = "warm-up ticks not measured (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--cold-runs", defaultValue = "5", description = "cold starts measured (default ${DEFAULT-VALUE})")
    int coldRuns;

    @Option(names = "--terrain", description = "terrain.json (default: the one beside FILE)")
    Path terrain;

    @Override
    public Integer call() throws Exception {
        Recording recording = RecordingFiles.recording(file);
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(),
                RecordingFiles.world(recording, file, terrain), SandboxConfig.ofDefaults())) {
            JitStatus.report(factory);
            double[] cpuMs = new double[ticks];
            double[] playerCpuMs = new double[ticks];
            int errors = 0;
            try (PlayerSandbox sandbox = factory.create(recording.userId(), 1)) {
                String memory = null;
                for (int k = 1; k <= warmup + ticks; k++) {
                    RuntimeData data = recording.runtimeData(k, memory);
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    TickOutcome outcome = sandbox.runTick(data);
                    double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6;
                    if (outcome instanceof TickOutcome.Completed done) {
                        memory = done.result().memory();
                        if (k > warmup) {
                            playerCpuMs[k - warmup - 1] = done.result().usedCleanTimeMs();
                        }
                    } else {
                        errors++;
                    }
                    if (k > warmup) {
                        cpuMs[k - warmup - 1] = cpu;
                    }
                }
            }
            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < coldRuns; i++) {
                long t0 = System.nanoTime();
                try (PlayerSandbox sandbox = factory.create(recording.userId(), 1)) {
                    sandbox.runTick(recording.runtimeData(1, null));
                }
                cold.add((System.nanoTime() - t0) / 1e6);
            }
            double coldMs = percentile(cold.stream().mapToDouble(Double::doubleValue).toArray(), 50);
            System.out.printf(Locale.ROOT, "%s: %d warm ticks after %d warm-up (%s), %d failed%n", recording.scenario(),
                    ticks, warmup, factory.implementationName(), errors);
            System.out.printf(Locale.ROOT, "  tick CPU (runner thread) median %.3f ms, p95 %.3f ms%n",
                    percentile(cpuMs, 50), percentile(cpuMs, 95));
            System.out.printf(Locale.ROOT, "  player CPU (Game.cpu.getUsed) median %.3f ms, p95 %.3f ms%n",
                    percentile(playerCpuMs, 50), percentile(playerCpuMs, 95));
            System.out.printf(Locale.ROOT, "  cold start (new sandbox + first tick) median %.1f ms of %d: %s%n", coldMs,
                    coldRuns, cold);
            System.out.printf(Locale.ROOT, "bench: ticks=%d warm_cpu_ms_median=%.3f warm_cpu_ms_p95=%.3f cold_ms=%.1f%n",
                    ticks, percentile(cpuMs, 50), percentile(cpuMs, 95), coldMs);
            return errors == 0 ? 0 : 1;
        }
    }

    static double percentile(double[] values, int percent) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
