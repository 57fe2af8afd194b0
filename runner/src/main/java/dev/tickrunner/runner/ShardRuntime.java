package dev.tickrunner.runner;

import dev.tickrunner.sandbox.ResetReason;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.SandboxMetricsTracker;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.WorldSettings;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.storage.StorageResilience;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one runner process: storage → world settings (terrain, world size, loaded once) → sandbox factory and pool →
 * coordinator, plus the housekeeper (idle sandboxes every 60 s) and the {@code runtimeRestart} subscription.
 * Closing stops fetching, finishes the tickets in hand, then closes sandboxes and the engine (storage stays open:
 * its owner closes it).
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
 * ({@link #resilience()}, bind them with {@link StorageResilience#bindTo}).
 */
public final class ShardRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardRuntime.class);

    private final SandboxFactory factory;
    private final SandboxPool pool;
    private final RuntimeCoordinator coordinator;
    private final ScheduledExecutorService housekeeper;
    private final AutoCloseable restartSubscription;
    private final StorageResilience resilience;

    /**
     * @param storage    the shard's storage (open)
     * @param shardName  {@code Game.shard.name}
     * @param engineDir  an operator's {@code @screeps/engine} directory, or null for the bundled one
     * @param sandbox    sandbox limits
     * @param listener   told about every ticket
     */
    public ShardRuntime(ShardStorage storage, String shardName, Path engineDir, SandboxConfig sandbox,
                        TickListener listener) {
        this(storage, shardName, engineDir, sandbox, listener, StorageResilience.ofDefaults());
    }

    /**
     * @param storage    the shard's storage (open)
     * @param shardName  {@code Game.shard.name}; also the field of {@code interShardMemory:<userId>} written
     * @param engineDir  an operator's {@code @screeps/engine} directory, or null for the bundled one
     * @param sandbox    sandbox limits
     * @param listener   told about every ticket
     * @param resilience the storage breakers and retries
     */
    public ShardRuntime(ShardStorage storage, String shardName, Path engineDir, SandboxConfig sandbox,
                        TickListener listener, StorageResilience resilience) {
        this.resilience = resilience;
        var environment = storage.environment();
        WorldSettings world = new WorldSettings(environment.terrain(), environment.worldSize(), shardName);
        LOG.info("World: {} rooms of terrain, world size {}, shard {}", world.terrain().size(), world.worldSizeRooms(),
                shardName);
        ScreepsPackages packages = engineDir == null ? ScreepsPackages.bundled() : ScreepsPackages.withEngineDir(engineDir);
        this.factory = new SandboxFactory(packages, world, sandbox);
        JitStatus.report(factory);
        this.pool = new SandboxPool(factory::create, sandbox, SandboxMetricsTracker.NOOP);
        this.coordinator = new RuntimeCoordinator(resilience.decorate(storage.usersQueue()),
                resilience.decorate(storage.runtimeDataLoader()), pool,
                resilience.decorate(storage.resultWriter(shardName)), listener, resilience);
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sandbox-housekeeper").factory());
        housekeeper.scheduleWithFixedDelay(pool::evictIdle, 60, 60, TimeUnit.SECONDS);
        this.restartSubscription = environment.onRuntimeRestart(message -> {
            LOG.info("runtimeRestart received: every sandbox will be reset");
            pool.resetAll(ResetReason.RESTART);
        });
    }

    /** Starts the worker threads. */
    public void start(int threads) {
        coordinator.start(threads);
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
    public SandboxPool pool() {
        return pool;
    }

    /** @return the sandbox factory */
    public SandboxFactory factory() {
        return factory;
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
        factory.close();
    }
}
