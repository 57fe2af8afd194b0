package dev.tickrunner.runner;

import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.CompilerActivity;
import dev.tickrunner.sandbox.EngineWarmup;
import dev.tickrunner.sandbox.JitEvents;
import dev.tickrunner.sandbox.ResetReason;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.WorldSettings;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.storage.StorageResilience;
import dev.tickrunner.storage.UsersQueue;
import dev.tickrunner.telemetry.RunnerTelemetry;
import dev.tickrunner.telemetry.ShardWatchdogAlertSink;
import dev.tickrunner.telemetry.StorageMeters;
import dev.tickrunner.telemetry.TelemetryConfig;
import dev.tickrunner.telemetry.WorkerStatus;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one runner process: storage → world settings (terrain, world size, loaded once) → sandbox factory and pool →
 * coordinator, plus the housekeeper (idle sandboxes every 60 s) and the {@code runtimeRestart} subscription, and
 * the telemetry: meters, the failure watchdog (alerts to {@code users.notifications} and
 * {@code tickrunner:watchdog}) and the optional {@code /metrics} endpoint. Closing stops fetching, finishes the
 * tickets in hand, then closes sandboxes, telemetry and the engine (storage stays open: its owner closes it).
 *
 * <p>Storage faults (issue #5): every port the coordinator uses is wrapped once, here, by {@link StorageResilience}:
 * <pre>
 *   UsersQueue         CircuitBreaker(queue)(RedisUsersQueue)           fetch, addMulti: not retried (not idempotent)
 *                      Retry(queue)(CircuitBreaker(queue)(RedisUsersQueue))   markDone, putBack, reset, counts
 *   RuntimeDataLoader  Retry(mongo)(CircuitBreaker(redis)(CircuitBreaker(mongo)(MongoRuntimeDataLoader)))
 *   ResultWriter       Retry(mongo)(CircuitBreaker(redis)(CircuitBreaker(mongo)(MongoResultWriter)))
 * </pre>
 * The {@code mongo} breaker records only MongoDB faults and the {@code redis} and {@code queue} breakers only Redis
 * faults; the instances come from one {@code CircuitBreakerRegistry} and one {@code RetryRegistry}
 * ({@link #resilience()}; their meters are bound by {@link StorageMeters}).
 */
public final class ShardRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardRuntime.class);

    private final SandboxFactory factory;
    private final SandboxPool<PlayerSandbox> pool;
    private final RuntimeCoordinator coordinator;
    private final UsersQueue queue;
    private final ScheduledExecutorService housekeeper;
    private final AutoCloseable restartSubscription;
    private final RunnerTelemetry telemetry;
    private final StorageResilience resilience;
    private final SandboxConfig sandboxConfig;

    /**
     * As {@link #ShardRuntime(ShardStorage, String, Path, SandboxConfig, TickListener, TelemetryConfig)} with meters
     * and the watchdog but no HTTP endpoint.
     */
    public ShardRuntime(ShardStorage storage, String shardName, Path engineDir, SandboxConfig sandbox,
                        TickListener listener) {
        this(storage, shardName, engineDir, sandbox, listener, TelemetryConfig.withoutServer(),
                StorageResilience.ofDefaults());
    }

    /** As the full constructor with meters and the watchdog but no HTTP endpoint. */
    public ShardRuntime(ShardStorage storage, String shardName, Path engineDir, SandboxConfig sandbox,
                        TickListener listener, StorageResilience resilience) {
        this(storage, shardName, engineDir, sandbox, listener, TelemetryConfig.withoutServer(), resilience);
    }

    /** As the full constructor with the default storage breakers and retries. */
    public ShardRuntime(ShardStorage storage, String shardName, Path engineDir, SandboxConfig sandbox,
                        TickListener listener, TelemetryConfig telemetry) {
        this(storage, shardName, engineDir, sandbox, listener, telemetry, StorageResilience.ofDefaults());
    }

    /**
     * @param storage    the shard's storage (open)
     * @param shardName  {@code Game.shard.name}
     * @param engineDir  an operator's {@code @screeps/engine} directory, or null for the bundled one
     * @param sandbox    sandbox limits
     * @param listener   told about every ticket
     * @param telemetry  metrics port, watchdog settings, clock
     * @param resilience the storage breakers and retries ({@code mongo}, {@code redis}, {@code queue})
     * @throws java.io.UncheckedIOException if the metrics port cannot be bound
     */
    public ShardRuntime(ShardStorage storage, String shardName, Path engineDir, SandboxConfig sandbox,
                        TickListener listener, TelemetryConfig telemetry, StorageResilience resilience) {
        this.resilience = resilience;
        this.sandboxConfig = sandbox;
        var environment = storage.environment();
        WorldSettings world = new WorldSettings(environment.terrain(), environment.worldSize(), shardName);
        LOG.info("World: {} rooms of terrain, world size {}, shard {}", world.terrain().size(), world.worldSizeRooms(),
                shardName);
        ScreepsPackages packages = ScreepsPackages.forEngineDir(engineDir);
        this.factory = new SandboxFactory(packages, world, sandbox);
        boolean jitActive = JitStatus.report(factory);
        this.telemetry = new RunnerTelemetry(telemetry);
        this.pool = new SandboxPool<>(factory::create, sandbox, this.telemetry.sandboxTracker());
        this.queue = storage.usersQueue();
        this.coordinator = new RuntimeCoordinator(resilience.decorate(queue),
                resilience.decorate(storage.runtimeDataLoader()), pool,
                resilience.decorate(storage.resultWriter(shardName)), listener, resilience);
        try {
            StorageMeters.bind(resilience, this.telemetry.registry());
            this.telemetry.bind(coordinator.events(), WorkerStatus.of(coordinator::isRunning, coordinator::workerThreads),
                    pool, storage.usersQueue(), jitActive, new ShardWatchdogAlertSink(storage));
        } catch (RuntimeException e) {
            this.telemetry.close();
            pool.close();
            factory.close();
            throw e;
        }
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sandbox-housekeeper").factory());
        housekeeper.scheduleWithFixedDelay(pool::evictIdle, 60, 60, TimeUnit.SECONDS);
        housekeeper.scheduleWithFixedDelay(this.telemetry::housekeep, 60, 60, TimeUnit.SECONDS);
        if (factory.optimizing()) {
            housekeeper.scheduleWithFixedDelay(new CompileLog(), 60, 60, TimeUnit.SECONDS);
        }
        this.restartSubscription = environment.onRuntimeRestart(message -> {
            LOG.info("runtimeRestart received: every sandbox will be reset");
            pool.resetAll(ResetReason.RESTART);
        });
    }

    /**
     * Warms the engine ({@link EngineWarmup}, at most {@link SandboxConfig#engineWarmup()}; skipped without the Graal
     * JIT, where there is nothing to compile), then starts the worker threads and logs that the runner is ready. Once
     * the shard is waiting (users pending in the queue) the warm-up ends within a second of the engine being ready for
     * them (a new sandbox + first tick within the tick limit, {@link EngineWarmup#run(java.time.Duration,
     * java.util.function.BooleanSupplier)}): every 5 s main waits costs every player a tick, but so does a first tick
     * on a cold engine, and that one is charged to the player's CPU bucket; a runner started before its shard, or on
     * an idle one, warms up fully. Deviates from Node there: the Node runner always takes tickets at once.
     *
     * @param threads runner threads ({@code runner_threads}): ticks run in sandboxes at once, ≥ 1; see
     *                {@link RuntimeCoordinator#start(int)}
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public void start(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        long t0 = System.nanoTime();
        if (factory.optimizing() && !sandboxConfig.engineWarmup().isZero()) {
            new EngineWarmup(factory).run(sandboxConfig.engineWarmup(), this::ticketsWaiting);
        }
        coordinator.start(threads);
        LOG.info("Runner ready after {} ms: taking tickets, {} at a time in sandboxes; heap {} MB",
                (System.nanoTime() - t0) / 1_000_000, threads, Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** @return whether main has queued users that no runner has taken yet (false when Redis does not answer) */
    private boolean ticketsWaiting() {
        try {
            return queue.pendingCount() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return the coordinator (for running a ticket on the calling thread) */
    public RuntimeCoordinator coordinator() {
        return coordinator;
    }

    /** @return the storage breakers and retries ({@code mongo}, {@code redis}, {@code queue}) */
    public StorageResilience resilience() {
        return resilience;
    }

    /** @return the sandbox pool */
    public SandboxPool<PlayerSandbox> pool() {
        return pool;
    }

    /** @return the sandbox factory */
    public SandboxFactory factory() {
        return factory;
    }

    /** @return meters, watchdog, runtime metrics and the HTTP endpoint of this runner */
    public RunnerTelemetry telemetry() {
        return telemetry;
    }

    /** Once a minute: how much of the process's CPU went to compiling, so an operator sees the JIT settle. */
    private static final class CompileLog implements Runnable {
        private CompilerActivity.Snapshot last = CompilerActivity.snapshot();
        private JitEvents.Counts lastCounts = JitEvents.counts();

        @Override
        public void run() {
            try {
                CompilerActivity.Snapshot now = CompilerActivity.snapshot();
                JitEvents.Counts counts = JitEvents.counts();
                LOG.info(String.format(java.util.Locale.ROOT, "JIT over the last minute: %.1f %% of the process CPU "
                                + "compiling (Truffle compiler threads %.1f %%, %.2f cores)%s",
                        100 * now.compileShareSince(last), 100 * now.truffleShareSince(last),
                        now.truffleCoresSince(last), JitEvents.counting() ? "; " + counts.since(lastCounts) : ""));
                last = now;
                lastCounts = counts;
            } catch (RuntimeException e) {
                LOG.warn("JIT figures unavailable", e);
            }
        }
    }

    @Override
    public void close() {
        coordinator.close();
        housekeeper.shutdownNow();
        try {
            restartSubscription.close();
        } catch (Exception e) {
            LOG.warn("Closing the runtimeRestart subscription failed", e);
        }
        pool.close();
        telemetry.close();
        factory.close();
    }
}
