package dev.tickrunner.runner.cli;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.runner.JitStatus;
import dev.tickrunner.sandbox.CompilerActivity;
import dev.tickrunner.sandbox.EngineWarmup;
import dev.tickrunner.sandbox.JitEvents;
import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.sandbox.replay.Recording;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tickrunner bench FILE.json [--ticks N]}: replays a recording in a loop on one warm sandbox and measures a
 * runner whose JIT has settled: first the engine warm-up a runner does at start, until Truffle's compiler has caught up
 * (idle for a second; at most {@code --engine-warmup}, default {@value #DEFAULT_ENGINE_WARMUP_SECONDS} s), then
 * {@code --warmup} ticks of the recording itself (default {@value #DEFAULT_WARMUP_TICKS}), because Truffle compiles a
 * function once it has been called {@code engine.FirstTierCompilationThreshold} times (400, scaled up while the compile
 * queue is long) and the runtime's and the player's once-per-tick functions, deoptimised when the recording's world
 * replaces the warm-up's, reach that after about 400 ticks. {@code --engine-warmup 0 --warmup 0} shows a cold JVM, and
 * the per-100-ticks curve shows the way to the settled figures. It prints the warm per-tick CPU (thread CPU time of
 * the whole tick on the runner thread: prepare, loop, collect; median and p95 over the ticks after warm-up, ms), the
 * player-visible CPU ({@code Game.cpu.getUsed()} at the end of the loop, median, ms), what the warm sandbox keeps on
 * the heap (bytes), how the tick CPU settled (median of each 100 ticks), what Truffle's JIT did during the measured
 * ticks (compilations, deoptimisations, invalidations: {@link JitEvents}; a tick that deoptimises the code it runs
 * shows here as a count that grows with {@code --ticks}) and the cold cost (new sandbox + first tick, wall ms, median
 * of several, and the new sandbox alone: what a Node runner's isolate creation is), ending
 * with one machine-readable line {@code bench: ticks=… warm_cpu_ms_median=… warm_cpu_ms_p95=… warm_wall_ms_median=…
 * player_cpu_ms_median=… cold_ms=… retained_bytes=… compile_share=… jit_compilations=… jit_deoptimizations=…
 * jit_invalidations=… failed=…}.
 *
 * <p>A tick that fails (timeout, cancel, out of memory) is counted; when it leaves the sandbox needing a global reset
 * the bench goes on with a new sandbox, as the runner would.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a recorded tick: warm per-tick CPU, player-visible CPU and cold start cost.")
public final class BenchCommand implements Callable<Integer> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int CURVE_WINDOW_TICKS = 100;
    private static final Duration JIT_FLUSH_WAIT = Duration.ofSeconds(5);
    /** Default {@code --engine-warmup}, s: on 2 busy cores the bundled bots' compile queue drained after 110–133 s. */
    static final int DEFAULT_ENGINE_WARMUP_SECONDS = 300;
    /** Default {@code --warmup}, ticks: past the 400-call compile threshold of once-per-tick functions, with room. */
    static final int DEFAULT_WARMUP_TICKS = 1000;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "a recording (shared/conformance format)")
    Path file;

    @Option(names = "--ticks", defaultValue = "200", description = "measured warm ticks (default ${DEFAULT-VALUE})")
    int ticks;

    @Option(names = "--warmup", defaultValue = "" + DEFAULT_WARMUP_TICKS,
            description = "warm-up ticks of this recording, not measured: its once-per-tick functions compile after "
                    + "about 400 (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--engine-warmup", defaultValue = "" + DEFAULT_ENGINE_WARMUP_SECONDS, paramLabel = "SECONDS",
            description = "warm the engine as a runner does at start until the JIT has caught up, at most this long, "
                    + "before anything is measured (default ${DEFAULT-VALUE}; 0 measures a cold JVM)")
    int engineWarmupSeconds;

    @Option(names = "--jit-mode", defaultValue = "LATENCY", paramLabel = "MODE",
            description = "Truffle's compilation mode: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    SandboxConfig.JitMode jitMode;

    @Option(names = "--statement-limit", paramLabel = "N",
            description = "the statement-count backstop per tick (default: SandboxConfig's; 0 = none), to measure its cost")
    Long statementLimit;

    @Option(names = "--players", defaultValue = "1",
            description = "warm sandboxes of the same recording, ticked in turn: the JIT's code is shared, so compiling "
                    + "should not grow with them (default ${DEFAULT-VALUE}); --ticks and --warmup count ticks of all")
    int players;

    @Option(names = "--cold-runs", defaultValue = "5", description = "cold starts measured (default ${DEFAULT-VALUE})")
    int coldRuns;

    @Option(names = "--terrain", description = "terrain.json (default: the one beside FILE)")
    Path terrain;

    @Override
    public Integer call() throws Exception {
        if (ticks < 1 || players < 1 || warmup < 0 || coldRuns < 0 || engineWarmupSeconds < 0) {
            throw new IllegalArgumentException("--ticks and --players must be >= 1 and --warmup, --cold-runs, "
                    + "--engine-warmup >= 0");
        }
        Recording recording = RecordingFiles.recording(file);
        JitEvents.start();
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(),
                RecordingFiles.world(recording, file, terrain), sandboxConfig())) {
            JitStatus.report(factory);
            EngineWarmup.Report engineWarmup = new EngineWarmup(factory).run(Duration.ofSeconds(engineWarmupSeconds));
            double[] cpuMs = new double[ticks];
            double[] wallMs = new double[ticks];
            double[] playerCpuMs = new double[ticks];
            List<String> curve = new ArrayList<>();
            double[] window = new double[CURVE_WINDOW_TICKS];
            int failed = 0;
            int sandboxes = players;
            long retainedBytes;
            long codeTimestamp = recording.input().path("userCodeTimestamp").asLong(1);
            PlayerSandbox[] open = new PlayerSandbox[players];
            String[] memory = new String[players];
            CompilerActivity.Snapshot measuredFrom = null;
            CompilerActivity.Snapshot measuredTo;
            JitEvents.Counts jitFrom = null;
            JitEvents.Counts jitDuring;
            try {
                for (int p = 0; p < players; p++) {
                    open[p] = factory.create(recording.userId(), codeTimestamp);
                }
                for (int k = 1; k <= warmup + ticks; k++) {
                    int p = (k - 1) % players;
                    if (open[p].needsReset()) {
                        open[p].close();
                        open[p] = factory.create(recording.userId(), codeTimestamp);
                        sandboxes++;
                    }
                    if (k == warmup + 1) {
                        jitFrom = JitEvents.countsAfterFlush(JIT_FLUSH_WAIT);
                        measuredFrom = CompilerActivity.snapshot();
                    }
                    RuntimeData data = recording.runtimeData((k - 1) / players + 1, memory[p]);
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    TickOutcome outcome = open[p].runTick(data);
                    double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6;
                    double wall = (System.nanoTime() - wall0) / 1e6;
                    int measured = k - warmup - 1;
                    if (outcome instanceof TickOutcome.Completed done) {
                        memory[p] = done.result().memory();
                        if (measured >= 0) {
                            playerCpuMs[measured] = done.result().usedCleanTimeMs();
                        }
                    } else {
                        failed++;
                    }
                    if (measured >= 0) {
                        cpuMs[measured] = cpu;
                        wallMs[measured] = wall;
                    }
                    window[(k - 1) % CURVE_WINDOW_TICKS] = cpu;
                    if (k % CURVE_WINDOW_TICKS == 0) {
                        curve.add(String.format(Locale.ROOT, "%d:%.2f", k, percentile(window, 50)));
                    }
                }
                measuredTo = CompilerActivity.snapshot();
                jitDuring = JitEvents.countsAfterFlush(JIT_FLUSH_WAIT).since(jitFrom);
                retainedBytes = open[0].measureRetainedBytes();
            } finally {
                for (PlayerSandbox sandbox : open) {
                    if (sandbox != null) {
                        sandbox.close();
                    }
                }
            }
            double[] coldRunMs = new double[coldRuns];
            double[] coldCreateMs = new double[coldRuns];
            for (int i = 0; i < coldRuns; i++) {
                long t0 = System.nanoTime();
                try (PlayerSandbox fresh = factory.create(recording.userId(), codeTimestamp)) {
                    coldCreateMs[i] = (System.nanoTime() - t0) / 1e6;
                    fresh.runTick(recording.runtimeData(1, null));
                }
                coldRunMs[i] = (System.nanoTime() - t0) / 1e6;
            }
            double coldMs = percentile(coldRunMs, 50);
            System.out.printf(Locale.ROOT, "engine warm-up: %s%n", engineWarmup);
            System.out.printf(Locale.ROOT, "%s: %d warm ticks after %d warm-up (%s), %d player(s), %d failed, "
                            + "%d sandbox(es)%n", recording.scenario(), ticks, warmup, factory.implementationName(),
                    players, failed, sandboxes);
            System.out.printf(Locale.ROOT, "  tick CPU (runner thread) median %.3f ms, p95 %.3f ms%n",
                    percentile(cpuMs, 50), percentile(cpuMs, 95));
            System.out.printf(Locale.ROOT, "  tick wall median %.3f ms, p95 %.3f ms%n", percentile(wallMs, 50),
                    percentile(wallMs, 95));
            System.out.printf(Locale.ROOT, "  player CPU (Game.cpu.getUsed) median %.3f ms, p95 %.3f ms%n",
                    percentile(playerCpuMs, 50), percentile(playerCpuMs, 95));
            System.out.printf(Locale.ROOT, "  warm sandbox keeps %.1f MB on the heap%n", retainedBytes / 1048576.0);
            System.out.printf(Locale.ROOT, "  compiling during the measured ticks: %.1f %% of the process CPU (Truffle "
                            + "compiler threads %.1f %%)%n", 100 * measuredTo.compileShareSince(measuredFrom),
                    100 * measuredTo.truffleShareSince(measuredFrom));
            System.out.printf(Locale.ROOT, "  JIT events during the measured ticks: %s%n",
                    JitEvents.counting() ? jitDuring : "not counted (JFR unavailable)");
            System.out.printf(Locale.ROOT, "  tick CPU median per %d ticks: %s%n", CURVE_WINDOW_TICKS,
                    String.join(" ", curve));
            System.out.printf(Locale.ROOT, "  cold start (new sandbox + first tick) median %.1f ms of %d (new sandbox "
                    + "median %.1f ms): %s%n", coldMs, coldRuns, percentile(coldCreateMs, 50),
                    Arrays.toString(coldRunMs));
            System.out.printf(Locale.ROOT, "bench: ticks=%d warm_cpu_ms_median=%.3f warm_cpu_ms_p95=%.3f "
                            + "warm_wall_ms_median=%.3f player_cpu_ms_median=%.3f cold_ms=%.1f retained_bytes=%d compile_share=%.3f "
                            + "jit_compilations=%d jit_deoptimizations=%d jit_invalidations=%d failed=%d%n",
                    ticks, percentile(cpuMs, 50), percentile(cpuMs, 95), percentile(wallMs, 50),
                    percentile(playerCpuMs, 50), coldMs,
                    retainedBytes, measuredTo.compileShareSince(measuredFrom), jitDuring.compilations(),
                    jitDuring.deoptimizations(), jitDuring.invalidations(), failed);
            return failed == 0 ? 0 : 1;
        }
    }

    private SandboxConfig sandboxConfig() {
        SandboxConfig.Builder config = SandboxConfig.builder().jitMode(jitMode);
        if (statementLimit != null) {
            config.statementLimitPerTick(statementLimit);
        }
        return config.build();
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
