package dev.tickrunner.runner.demo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.tickrunner.runner.ShardRuntime;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.telemetry.TelemetryConfig;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bson.Document;

/**
 * The embedded default as a real shard: the bundled world on the embedded MongoDB-wire server and Redis
 * ({@link EmbeddedServices}), the real server's storage, {@code main} and one {@code processor} (the npm install of
 * {@code live-server/}, run with Node by {@link ServerProcesses}), and this JVM's tickrunner as the shard's only
 * runner ({@code runners_cnt = 0}). The world changes: the processor carries out the bots' intents. Each tick prints
 * what the runner did and the world's state (creeps, energy harvested, controller progress); the summary says what
 * the bots achieved.
 *
 * <p>The runner warms up before main starts, so main never waits for a cold runner.
 */
public final class LiveDemo implements AutoCloseable {
    private static final Duration TICK_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedServices services;
    private final ShardStorage storage;
    private final ShardRuntime runtime;
    private final ServerProcesses server;
    private final Path world;
    private final int storagePort;
    private final ConcurrentLinkedQueue<TickReport> reports = new ConcurrentLinkedQueue<>();

    private LiveDemo(Path install, String node, int threads, TelemetryConfig telemetry) throws IOException {
        EmbeddedServices started = EmbeddedServices.start();
        ShardStorage opened = null;
        ShardRuntime runner = null;
        try {
            opened = DemoShard.openWithBundledWorld(started);
            runner = new ShardRuntime(opened, "shard0", install.resolve("node_modules/@screeps/engine"),
                    SandboxConfig.ofDefaults(), reports::add, telemetry);
            runner.start(threads);
            this.world = Files.createTempDirectory("tickrunner-demo-world-");
            this.storagePort = EmbeddedServices.freePort();
            Files.copy(install.resolve("node_modules/@screeps/launcher/init_dist/db.json"), world.resolve("db.json"));
            Files.writeString(world.resolve("mods.json"), "{\"mods\": [\"" + install.resolve(
                    "node_modules/screepsmod-mongo/index.js") + "\"], \"bots\": {}}\n");
        } catch (IOException | RuntimeException e) {
            if (runner != null) {
                runner.close();
            }
            if (opened != null) {
                opened.close();
            }
            started.close();
            throw e;
        }
        this.services = started;
        this.storage = opened;
        this.runtime = runner;
        this.server = new ServerProcesses(install, world, node, Map.of(
                "STORAGE_PORT", Integer.toString(storagePort), "STORAGE_HOST", "127.0.0.1",
                "MODFILE", world.resolve("mods.json").toString(), "DRIVER_MODULE", "@screeps/driver",
                "MONGO_HOST", "127.0.0.1", "MONGO_PORT", Integer.toString(started.mongoPort()),
                "MONGO_DATABASE", "screeps", "REDIS_HOST", "127.0.0.1", "REDIS_PORT",
                Integer.toString(started.redisPort())));
    }

    /**
     * Starts the embedded servers, imports the world, warms up the runner, then starts the real server's storage,
     * main and processor.
     *
     * @param install the npm install of the real server ({@link ServerProcesses#installed})
     * @param node    the {@code node} executable
     * @param threads runner worker threads, ≥ 1
     * @throws IOException if the server's storage does not come up within 30 s
     */
    public static LiveDemo start(Path install, String node, int threads, TelemetryConfig telemetry)
            throws IOException, InterruptedException {
        LiveDemo demo = new LiveDemo(install, node, threads, telemetry);
        try {
            demo.startServer();
            return demo;
        } catch (IOException | InterruptedException | RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private void startServer() throws IOException, InterruptedException {
        server.start("storage", "@screeps/storage/bin/start.js", Map.of("DB_PATH", world.resolve("db.json").toString()));
        ServerProcesses.awaitPort(storagePort, "the server's storage process", Duration.ofSeconds(30));
        // system.setTickDuration(1) of the server's CLI: main's minimal tick duration, ms.
        RedisClient redis = RedisClient.create("redis://127.0.0.1:" + services.redisPort());
        try (var connection = redis.connect()) {
            connection.sync().set("tickRate", "1");
        } finally {
            redis.shutdown();
        }
        server.start("engine_main", "@screeps/engine/dist/main.js", Map.of());
        server.start("engine_processor1", "@screeps/engine/dist/processor.js", Map.of());
    }

    /** What the demo showed, for its summary. */
    public record Summary(int ticks, long firstGameTime, long lastGameTime, List<TickReport> reports, int creepsBefore,
                          int creepsAfter, long energyHarvested, long controllerProgress, long mainLoopResets) {
    }

    /**
     * Lets main run {@code ticks} ticks, printing a line per tick: the runner's part (users run, CPU, intents, errors)
     * and the world's state afterwards.
     *
     * @return what the bots achieved
     * @throws IllegalStateException if a tick does not end within 60 s (the server's logs are in {@link #world()})
     */
    public Summary runTicks(int ticks, PrintStream out) throws InterruptedException {
        MongoDatabase db = storage.mongoDatabase();
        World before = World.of(db);
        World last = before;
        long harvested = 0;
        long first = storage.environment().gameTime();
        long current = first;
        List<TickReport> all = new ArrayList<>();
        long tickStart = System.nanoTime();
        for (int done = 0; done < ticks; ) {
            long now = storage.environment().gameTime();
            if (now == current) {
                if (System.nanoTime() - tickStart > TICK_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("tick " + current + " did not end within " + TICK_TIMEOUT
                            + "; the server's logs are in " + world.resolve("logs"));
                }
                Thread.sleep(10);
                continue;
            }
            List<TickReport> tick = new ArrayList<>();
            for (TickReport r; (r = reports.peek()) != null && r.gameTime() < now; ) {
                tick.add(reports.poll());
            }
            all.addAll(tick);
            World state = World.of(db);
            long tickHarvested = state.harvestedSince(last);
            harvested += tickHarvested;
            Set<String> users = new HashSet<>();
            tick.forEach(r -> users.add(r.userId()));
            out.println(DemoShard.line(current, users.size(), tick, (System.nanoTime() - tickStart) / 1e6)
                    + String.format(" | world: %d creeps, %d energy harvested, controllers %d", state.creeps(),
                    tickHarvested, state.controllerProgress()));
            last = state;
            current = now;
            tickStart = System.nanoTime();
            done++;
        }
        long resets = server.logText("engine_main").lines().filter(l -> l.contains("Main loop reset")).count();
        return new Summary(ticks, first, current, all, before.creeps(), last.creeps(), harvested,
                last.controllerProgress() - before.controllerProgress(), resets);
    }

    /** @return the runner */
    public ShardRuntime runtime() {
        return runtime;
    }

    /** @return the world directory of the server's processes ({@code logs/}) */
    public Path world() {
        return world;
    }

    /** Stops the server's processes, then the runner, storage and the embedded servers. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            DemoShard.closeInOrder(runtime, storage, services);
        }
    }

    /** The world's state that the demo prints: the bots' creeps, their sources' energy, their controllers. */
    private record World(int creeps, Map<String, Long> sourceEnergy, long controllerProgress) {
        static World of(MongoDatabase db) {
            Set<String> bots = new HashSet<>();
            for (Document user : db.getCollection("users").find(Filters.exists("bot"))) {
                bots.add(String.valueOf(user.get("_id")));
            }
            int creeps = 0;
            long progress = 0;
            Set<String> rooms = new HashSet<>();
            List<Document> sources = new ArrayList<>();
            for (Document o : db.getCollection("rooms.objects").find(Filters.in("type", "creep", "controller",
                    "source"))) {
                String type = o.getString("type");
                boolean ours = bots.contains(String.valueOf(o.get("user")));
                if (type.equals("creep") && ours) {
                    creeps++;
                } else if (type.equals("controller") && ours) {
                    rooms.add(o.getString("room"));
                    progress += o.get("progress") instanceof Number n ? n.longValue() : 0;
                } else if (type.equals("source")) {
                    sources.add(o);
                }
            }
            Map<String, Long> energy = new HashMap<>();
            for (Document source : sources) {
                if (rooms.contains(source.getString("room")) && source.get("energy") instanceof Number n) {
                    energy.put(String.valueOf(source.get("_id")), n.longValue());
                }
            }
            return new World(creeps, energy, progress);
        }

        /** @return energy taken from the sources since {@code before} (a regenerated source counts 0) */
        long harvestedSince(World before) {
            long harvested = 0;
            for (Map.Entry<String, Long> e : sourceEnergy.entrySet()) {
                Long was = before.sourceEnergy.get(e.getKey());
                if (was != null && was > e.getValue()) {
                    harvested += was - e.getValue();
                }
            }
            return harvested;
        }
    }
}
