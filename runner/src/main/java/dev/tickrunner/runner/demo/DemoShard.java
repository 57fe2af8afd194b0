package dev.tickrunner.runner.demo;

import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.runner.ShardRuntime;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.runner.WorldImport;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.storage.ShardEnvironment;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.storage.StorageConfig;
import dev.tickrunner.storage.UsersQueue;
import dev.tickrunner.telemetry.TelemetryConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * The embedded default: embedded MongoDB-wire server and Redis, the bundled initial world imported, a runner with N
 * worker threads, and a stand-in for the shard's main loop that, per tick, enqueues every active user, waits for the
 * queue to drain and advances {@code gameTime}. No processor runs: intents are saved where a processor would read
 * them, but the world itself does not change.
 *
 * <p>Mirrors: engine src/main.js loop (getUsers → addUsersToQueue → waitForUsers → incrementGameTime), without the
 * rooms stages.
 */
public final class DemoShard implements AutoCloseable {
    private static final Duration TICK_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedServices services;
    private final ShardStorage storage;
    private final ShardRuntime runtime;
    private final ConcurrentLinkedQueue<TickReport> reports = new ConcurrentLinkedQueue<>();

    private DemoShard(EmbeddedServices services, ShardStorage storage, int threads, SandboxConfig sandbox,
                      TelemetryConfig telemetry) {
        this.services = services;
        this.storage = storage;
        this.runtime = new ShardRuntime(storage, "shard0", null, sandbox, reports::add, telemetry);
        runtime.start(threads);
    }

    /**
     * Starts the servers, imports the bundled world and starts the runner, with meters but no HTTP endpoint.
     *
     * @param threads worker threads, ≥ 1
     * @throws UncheckedIOException if a server cannot start or the world cannot be imported
     */
    public static DemoShard start(int threads) {
        return start(threads, TelemetryConfig.withoutServer());
    }

    /**
     * Starts the servers, imports the bundled world and starts the runner with the given telemetry.
     *
     * @param threads   worker threads, ≥ 1
     * @param telemetry metrics port ({@code /metrics}, {@code /health}, {@code /runtime/metrics}), watchdog, clock
     * @throws UncheckedIOException if a server cannot start, the world cannot be imported or the port is taken
     */
    public static DemoShard start(int threads, TelemetryConfig telemetry) {
        EmbeddedServices services = EmbeddedServices.start();
        ShardStorage storage = null;
        try {
            storage = openWithBundledWorld(services);
            return new DemoShard(services, storage, threads, SandboxConfig.ofDefaults(), telemetry);
        } catch (IOException | RuntimeException e) {
            if (storage != null) {
                storage.close();
            }
            services.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * Opens the embedded servers' storage and imports the bundled world into it, with the env keys a server needs.
     *
     * @return the open storage; closed again when the import fails
     * @throws IOException if the bundled world cannot be read
     */
    static ShardStorage openWithBundledWorld(EmbeddedServices services) throws IOException {
        ShardStorage storage = ShardStorage.open(storageConfig(services));
        try {
            WorldImport.importBundled(storage, false);
            storage.environment().updateRoomStatusData(System.currentTimeMillis());
            return storage;
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** @return the storage settings of the embedded servers */
    public static StorageConfig storageConfig(EmbeddedServices services) {
        return StorageConfig.custom().mongoUri(services.mongoUri()).redisHost("127.0.0.1")
                .redisPort(services.redisPort()).build();
    }

    /** @return the runner (its telemetry, pool and coordinator) */
    public ShardRuntime runtime() {
        return runtime;
    }

    /** @return the shard's storage (for changing the world between ticks in tests) */
    public ShardStorage storage() {
        return storage;
    }

    /** @return the embedded servers (for inspecting what the runner saved) */
    public EmbeddedServices services() {
        return services;
    }

    /**
     * Runs {@code ticks} main-loop ticks, printing one line per tick to {@code out}.
     *
     * @return every ticket's report, in completion order
     * @throws IllegalStateException if a tick's queue does not drain within 60 s
     */
    public List<TickReport> runTicks(int ticks, PrintStream out) {
        ShardEnvironment environment = storage.environment();
        UsersQueue queue = storage.usersQueue();
        List<TickReport> all = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            long gameTime = environment.gameTime();
            List<String> users = environment.activeUserIds();
            long t0 = System.nanoTime();
            queue.addMulti(users);
            if (!queue.whenAllDone(TICK_TIMEOUT)) {
                throw new IllegalStateException("Tick " + gameTime + ": the users queue did not drain in " + TICK_TIMEOUT);
            }
            double wallMs = (System.nanoTime() - t0) / 1e6;
            List<TickReport> tick = new ArrayList<>();
            for (TickReport report; (report = reports.poll()) != null; ) {
                tick.add(report);
            }
            all.addAll(tick);
            out.println(line(gameTime, users.size(), tick, wallMs));
            environment.setGameTime(gameTime + 1);
        }
        return all;
    }

    /** Stops the runner (finishing tickets in hand), storage and servers. */
    @Override
    public void close() {
        closeInOrder(runtime, storage, services);
    }

    /** Stops the runner (finishing tickets in hand), then storage, then the servers, each even if one before threw. */
    static void closeInOrder(ShardRuntime runtime, ShardStorage storage, EmbeddedServices services) {
        try {
            runtime.close();
        } finally {
            try {
                storage.close();
            } finally {
                services.close();
            }
        }
    }

    static String line(long gameTime, int users, List<TickReport> tick, double wallMs) {
        List<TickReport> sorted = new ArrayList<>(tick);
        sorted.sort(java.util.Comparator.comparing(TickReport::userId));
        String cpu = sorted.stream().map(r -> shortId(r.userId()) + "=" + r.cpuUsedMs())
                .collect(Collectors.joining(" "));
        int intents = tick.stream().mapToInt(TickReport::intents).sum();
        List<String> errors = new ArrayList<>();
        for (TickReport r : sorted) {
            if (r.result() != ResultTag.DONE && r.result() != ResultTag.SKIPPED) {
                errors.add(shortId(r.userId()) + " " + r.result() + ": " + firstLine(r.error()));
            }
        }
        return String.format(Locale.ROOT, "tick %d: %d users run in %.0f ms | cpu ms %s | intents %d | errors %d%s",
                gameTime, users, wallMs, cpu.isEmpty() ? "-" : cpu, intents, errors.size(),
                errors.isEmpty() ? "" : " " + Collections.unmodifiableList(errors));
    }

    private static String shortId(String userId) {
        return userId.length() > 6 ? userId.substring(0, 6) : userId;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
