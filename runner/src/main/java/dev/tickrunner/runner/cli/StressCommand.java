package dev.tickrunner.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.runner.stress.StallDetector;
import dev.tickrunner.runner.stress.StressPlayers;
import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.SandboxLease;
import dev.tickrunner.sandbox.SandboxMetricsTracker;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.sandbox.replay.Recording;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tickrunner stress FILE.json}: many players on one recorded world, their code changed every K ticks (a global
 * reset each time), a mix of hostile scripts among them, run by N worker threads from one ticket queue, tick after
 * tick as a shard's main loop would. Prints the completed tickets, the highest queue depth, the reload failures
 * (a new code version whose load report names a failed stage) and the failures by kind, ending with one line
 * {@code stress: completed=… max_queue_depth=… reload_failures=… stalled=false}. When no ticket completes for
 * {@code --stall-timeout} while tickets are pending it prints a deadlock signature and exits 2.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = "Stress the sandboxes: many players, code reloads and hostile scripts; detects stalls.")
public final class StressCommand implements Callable<Integer> {
    private static final String WORKER_PREFIX = "stress-worker-";

    @Parameters(index = "0", paramLabel = "FILE.json", description = "a recording (shared/conformance format)")
    Path file;

    @Option(names = "--terrain", description = "terrain.json (default: the one beside FILE)")
    Path terrain;

    @Option(names = "--players", defaultValue = "40", description = "players (default ${DEFAULT-VALUE})")
    int players;

    @Option(names = "--ticks", defaultValue = "30", description = "ticks (default ${DEFAULT-VALUE})")
    int ticks;

    @Option(names = "--threads", defaultValue = "2", description = "worker threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--reload-every", defaultValue = "5", description = "code changes every K ticks (default ${DEFAULT-VALUE})")
    int reloadEvery;

    @Option(names = "--hostile-every", defaultValue = "4", description = "every N-th player is hostile; 0 for none (default ${DEFAULT-VALUE})")
    int hostileEvery;

    @Option(names = "--cpu", defaultValue = "50", description = "CPU limit per tick, ms (default ${DEFAULT-VALUE})")
    double cpuMs;

    @Option(names = "--stall-timeout", defaultValue = "PT20S", description = "a stall: no completion for this long (default ${DEFAULT-VALUE})")
    Duration stallTimeout;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Recording recording = RecordingFiles.recording(file);
        StressPlayers roster = new StressPlayers(hostileEvery, reloadEvery);
        StallDetector stall = new StallDetector(stallTimeout);
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        LongAdder completed = new LongAdder();
        LongAdder reloadFailures = new LongAdder();
        AtomicLong maxDepth = new AtomicLong();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        ObjectNode base = recording.runtimeData(1, null).payload();
        SandboxConfig config = SandboxConfig.builder().tickAllocationBudgetBytes(256L << 20).build();
        long startNanos = System.nanoTime();
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(),
                RecordingFiles.world(recording, file, terrain), config);
             SandboxPool<PlayerSandbox> pool = new SandboxPool<>(factory::create, config, SandboxMetricsTracker.NOOP)) {
            ExecutorService workers = Executors.newFixedThreadPool(threads,
                    Thread.ofPlatform().daemon().name(WORKER_PREFIX, 0).factory());
            AtomicLong currentTick = new AtomicLong();
            for (int w = 0; w < threads; w++) {
                workers.execute(() -> work(queue, currentTick, roster, base, pool, stall, completed, reloadFailures,
                        outcomes));
            }
            for (long tick = 0; tick < ticks; tick++) {
                currentTick.set(tick);
                for (int p = 0; p < players; p++) {
                    stall.queued();
                    queue.add(p);
                }
                maxDepth.accumulateAndGet(queue.size(), Math::max);
                while (stall.pending() > 0) {
                    if (stall.stalled()) {
                        out.println(stall.signature(WORKER_PREFIX));
                        out.printf("stress: completed=%d max_queue_depth=%d reload_failures=%d stalled=true%n",
                                completed.sum(), maxDepth.get(), reloadFailures.sum());
                        workers.shutdownNow();
                        return 2;
                    }
                    maxDepth.accumulateAndGet(queue.size(), Math::max);
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                pool.evictIdle();
            }
            workers.shutdownNow();
            out.printf("players=%d ticks=%d threads=%d reload_every=%d hostile_every=%d wall=%d ms%n", players, ticks,
                    threads, reloadEvery, hostileEvery, (System.nanoTime() - startNanos) / 1_000_000);
            out.println("outcomes: " + new java.util.TreeMap<>(outcomes));
            out.printf("stress: completed=%d max_queue_depth=%d reload_failures=%d stalled=false%n", completed.sum(),
                    maxDepth.get(), reloadFailures.sum());
        }
        return 0;
    }

    private void work(LinkedBlockingQueue<Integer> queue, AtomicLong currentTick, StressPlayers roster,
                      ObjectNode base, SandboxPool<PlayerSandbox> pool, StallDetector stall, LongAdder completed,
                      LongAdder reloadFailures, Map<String, LongAdder> outcomes) {
        while (!Thread.currentThread().isInterrupted()) {
            Integer player;
            try {
                player = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                long tick = currentTick.get();
                String userId = roster.userId(player);
                long timestamp = roster.codeTimestamp(tick);
                try (SandboxLease<PlayerSandbox> lease = pool.acquire(userId, timestamp)) {
                    PlayerSandbox sandbox = lease.sandbox();
                    TickOutcome outcome = sandbox.runTick(data(base, userId, roster.code(player, tick), tick,
                            timestamp));
                    String label = switch (outcome) {
                        case TickOutcome.Completed c -> c.threw() ? "ERROR" : "DONE";
                        case TickOutcome.Failed f -> f.kind().name();
                        default -> outcome.getClass().getSimpleName();
                    };
                    outcomes.computeIfAbsent(label, k -> new LongAdder()).increment();
                    if (sandbox.ticksRun() == 1 && sandbox.loadReport().failedStage().isPresent()) {
                        reloadFailures.increment();
                    }
                }
            } catch (RuntimeException e) {
                outcomes.computeIfAbsent("EXCEPTION " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            } finally {
                completed.increment();
                stall.completed();
            }
        }
    }

    private RuntimeData data(ObjectNode base, String userId, String code, long tick, long timestamp) {
        ObjectNode payload = base.deepCopy();
        payload.putObject("userCode").put("main", code);
        long time = base.path("time").asLong() + tick;
        payload.put("time", time);
        payload.put("userCodeTimestamp", timestamp);
        ((ObjectNode) payload.get("user")).put("_id", userId);
        ((ObjectNode) payload.withObject("userMemory")).put("data", "{}");
        return new RuntimeData(userId, time, timestamp, cpuMs, 10000, payload);
    }
}
