package dev.tickrunner.it.live;

import dev.tickrunner.it.Launcher;
import dev.tickrunner.it.faults.FaultServices;
import dev.tickrunner.runner.demo.EmbeddedServices;
import dev.tickrunner.runner.demo.ServerProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Screeps private server — {@code screeps@4.3.0} + {@code screepsmod-mongo@2.13.3} as the build installed
 * them ({@link ServerProcesses#INSTALL_DIR}, npm ci of {@code live-server/}) — on a Redis and a MongoDB-wire server ({@link FaultServices}), every port
 * on 127.0.0.1, with no runner of its own ({@code runners_cnt = 0}): storage, backend (with its CLI), main and two
 * processors start as the launcher ({@code @screeps/launcher lib/start.js}) would start them ({@link ServerProcesses}:
 * each its own {@code node} process with the launcher's environment, started again when it exits), and tickrunner {@code run} through {@code ./tickrunner} is
 * the shard's only runner. Every process it starts it stops by pid in {@link #close()}, also when a test fails.
 *
 * <p>The world: the bundled {@code db.original.json}, imported before main starts (so main finds it initialised and
 * signals {@code DATABASE_READY} at once, see ../shared/dropin/README.md for what goes wrong on an empty database).
 * Main's per-tick stage timings are written by {@code timing-mod.js} to {@code timing/main.jsonl} in the world.
 */
final class LiveShard implements AutoCloseable {
    static final Path SERVER = Path.of(System.getProperty("live.shard.dir", "../" + ServerProcesses.INSTALL_DIR))
            .toAbsolutePath().normalize();
    static final Path NODE_MODULES = SERVER.resolve("node_modules");
    static final Path ENGINE = NODE_MODULES.resolve("@screeps/engine");

    private final FaultServices services;
    private final Path world;
    private final int storagePort;
    private final int gamePort;
    private final int cliPort;
    private final ServerProcesses server;
    private Process tickrunner;
    private int tickrunnerStarts;
    private boolean nodeRunner;

    private LiveShard(FaultServices services, Path world) throws IOException {
        this.services = services;
        this.world = world;
        this.storagePort = EmbeddedServices.freePort();
        this.gamePort = EmbeddedServices.freePort();
        this.cliPort = EmbeddedServices.freePort();
        this.server = new ServerProcesses(SERVER, world, "node", Map.of("STORAGE_PORT", Integer.toString(storagePort),
                "STORAGE_HOST", "127.0.0.1", "MODFILE", world.resolve("mods.json").toString()));
    }

    /**
     * Imports the world and starts the server's own processes; returns once the CLI answers.
     *
     * @param world an empty directory for the server's config, logs and timing lines
     * @throws IOException if the server is not installed or a process does not come up
     */
    static LiveShard start(Path world) throws IOException, InterruptedException {
        if (!ServerProcesses.installed(SERVER)) {
            throw new IllegalStateException("the real server is not installed in " + SERVER
                    + " (the runner build's npm ci of live-server/)");
        }
        LiveShard shard = new LiveShard(new FaultServices(), world);
        try {
            shard.writeWorld();
            shard.importWorld();
            shard.startServer();
            return shard;
        } catch (IOException | InterruptedException | RuntimeException e) {
            shard.close();
            throw e;
        }
    }

    private void writeWorld() throws IOException {
        Files.createDirectories(world.resolve("logs"));
        Path initDist = NODE_MODULES.resolve("@screeps/launcher/init_dist");
        Files.copy(initDist.resolve("db.json"), world.resolve("db.json"));
        Files.writeString(world.resolve("steam_appid.txt"), "464350");
        Files.writeString(world.resolve("mods.json"), """
                {
                  "mods": ["%s", "%s"],
                  "bots": {"simplebot": "%s"}
                }
                """.formatted(NODE_MODULES.resolve("screepsmod-mongo/index.js"), SERVER.resolve("timing-mod.js"),
                initDist.resolve("node_modules/@screeps/simplebot/src")));
        Files.writeString(world.resolve(".screepsrc"), """
                steam_api_key = LIVESHARDTEST00000000000000000000
                port = %d
                host = 127.0.0.1
                password =
                cli_port = %d
                cli_host = 127.0.0.1
                runners_cnt = 0
                runner_threads = 2
                processors_cnt = 2
                logdir = logs
                modfile = mods.json
                assetdir = %s
                db = db.json

                [mongo]
                host = 127.0.0.1
                port = %d
                database = screeps

                [redis]
                host = 127.0.0.1
                port = %d
                """.formatted(gamePort, cliPort, initDist.resolve("assets"), services.mongoPort(), services.redisPort()));
    }

    private void importWorld() throws IOException, InterruptedException {
        Path log = world.resolve("logs/tickrunner-import.log");
        Process imported = launcher(log, Map.of(), "import", "--config", world.resolve(".screepsrc").toString());
        if (!imported.waitFor(180, TimeUnit.SECONDS) || imported.exitValue() != 0) {
            imported.destroyForcibly();
            throw new IOException("tickrunner import failed:\n" + Files.readString(log));
        }
    }

    private void startServer() throws IOException, InterruptedException {
        server.start("storage", "@screeps/storage/bin/start.js", Map.of("DB_PATH", world.resolve("db.json").toString()));
        ServerProcesses.awaitPort(storagePort, "storage", Duration.ofSeconds(30));
        Map<String, String> engine = Map.of("DRIVER_MODULE", "@screeps/driver");
        server.start("engine_main", "@screeps/engine/dist/main.js", engine);
        server.start("backend", "@screeps/backend/bin/start.js", Map.of(
                "GAME_PORT", Integer.toString(gamePort), "GAME_HOST", "127.0.0.1",
                "CLI_PORT", Integer.toString(cliPort), "CLI_HOST", "127.0.0.1",
                "ASSET_DIR", NODE_MODULES.resolve("@screeps/launcher/init_dist/assets").toString(),
                "SERVER_PASSWORD", "", "STEAM_KEY", "LIVESHARDTEST00000000000000000000"));
        for (int i = 1; i <= 2; i++) {
            server.start("engine_processor" + i, "@screeps/engine/dist/processor.js", engine);
        }
        ServerCli cli = cli();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!cli.answers()) {
            if (!server.restarts().isEmpty()) {
                String name = server.restarts().keySet().iterator().next();
                throw new IOException(name + " exited at start:\n" + log(name));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the server's CLI did not answer within 90 s:\n" + log("backend"));
            }
            Thread.sleep(200);
        }
    }

    /** @return the server's CLI */
    ServerCli cli() {
        return new ServerCli(cliPort);
    }

    /** @return the connection string of the shard's MongoDB-wire server */
    String mongoUri() {
        return services.mongoUri();
    }

    /** @return the shard's Redis port on 127.0.0.1 */
    int redisPort() {
        return services.redisPort();
    }

    /** SIGKILLs the shard's Redis (AOF, fsync always: nothing written is lost) and starts it again after {@code down}. */
    void restartRedis(Duration down) throws IOException, InterruptedException {
        services.killRedis();
        Thread.sleep(down.toMillis());
        services.startRedis();
    }

    /** @return the world directory (config, logs, timing lines) */
    Path world() {
        return world;
    }

    /** @return what a server process wrote so far, e.g. {@code engine_main} */
    String log(String name) {
        return server.logText(name);
    }

    /** @return main's per-tick timing lines so far ({@code timing-mod.js}) */
    List<String> mainTimings() throws IOException {
        Path file = world.resolve("timing/main.jsonl");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /**
     * Starts {@code ./tickrunner run} in the world directory: it reads the server's {@code .screepsrc} ({@code [mongo]},
     * {@code [redis]}, {@code runner_threads}) as an operator's would, and runs the server's own engine.
     *
     * @return the runner's process (the JVM: the launcher execs it)
     */
    Process startTickrunner(String... extra) throws IOException {
        return startTickrunner(-1, extra);
    }

    /**
     * {@link #startTickrunner(String...)} with the runner's metrics on {@code 127.0.0.1:metricsPort} (-1: none).
     * {@code -Dlive.shard.tickrunnerJavaOpts=…} becomes the runner's {@code TICKRUNNER_JAVA_OPTS} (for a diagnostic
     * run, e.g. Truffle's compilation traces; it replaces the launcher's heap flags, so it repeats them).
     *
     * @return the runner's process (the JVM: the launcher execs it)
     */
    Process startTickrunner(int metricsPort, String... extra) throws IOException {
        if (tickrunner != null && tickrunner.isAlive()) {
            throw new IllegalStateException("tickrunner already runs");
        }
        List<String> args = new ArrayList<>(List.of("run", "--engine-dir", ENGINE.toString(), "--metrics-port",
                String.valueOf(metricsPort)));
        args.addAll(List.of(extra));
        tickrunnerStarts++;
        nodeRunner = false;
        String javaOpts = System.getProperty("live.shard.tickrunnerJavaOpts", "");
        tickrunner = launcher(tickrunnerLog(), javaOpts.isBlank() ? Map.of() : Map.of("TICKRUNNER_JAVA_OPTS", javaOpts),
                args.toArray(String[]::new));
        return tickrunner;
    }

    /** @return the log of the latest runner started ({@link #startTickrunner}, {@link #startNodeRunner}) */
    Path tickrunnerLog() {
        return nodeRunner ? server.log("engine_runner1")
                : world.resolve("logs/tickrunner-run" + tickrunnerStarts + ".log");
    }

    /** @return the running runner (tickrunner or, for the comparison run, the Node runner), or null */
    Process tickrunner() {
        return tickrunner;
    }

    /**
     * Starts the real Node runner instead ({@code engine/dist/runner.js}, {@code RUNNER_THREADS=2}), as its own
     * process the way the launcher starts it, for the comparison run. The driver's prebuilt runtime snapshot is
     * broken on Node 20 (../shared/dropin/README.md): it is moved aside first, so the runtime starts from source.
     *
     * @return the Node runner's process
     */
    Process startNodeRunner() throws IOException {
        Path snapshot = NODE_MODULES.resolve("@screeps/driver/build/runtime.snapshot.bin");
        if (Files.exists(snapshot)) {
            Files.move(snapshot, snapshot.resolveSibling("runtime.snapshot.bin.disabled"));
        }
        nodeRunner = true;
        tickrunner = server.startOnce("engine_runner1", "@screeps/engine/dist/runner.js",
                Map.of("DRIVER_MODULE", "@screeps/driver", "RUNNER_THREADS", "2"));
        return tickrunner;
    }

    /** @return whether isolated-vm, which only the Node runner needs, was built by the install */
    static boolean nodeRunnerBuilt() {
        return Files.exists(NODE_MODULES.resolve("isolated-vm/out/isolated_vm.node"));
    }

    /** Waits until the latest tickrunner's log has {@code line}; fails when it exits first or after {@code timeout}. */
    void awaitTickrunnerLog(String line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(tickrunnerLog()).contains(line)) {
            if (!tickrunner.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no '" + line + "' in tickrunner's log:\n" + Files.readString(tickrunnerLog()));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        try {
            if (tickrunner != null) {
                tickrunner.descendants().forEach(ProcessHandle::destroy);
                tickrunner.destroy();
                try {
                    if (!tickrunner.waitFor(15, TimeUnit.SECONDS)) {
                        tickrunner.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    tickrunner.destroyForcibly();
                }
            }
            server.close();
        } finally {
            services.close();
        }
    }

    /** @return how often each server process exited and was started again */
    Map<String, Integer> restarts() {
        return server.restarts();
    }

    private Process launcher(Path log, Map<String, String> env, String... args) throws IOException {
        return Launcher.start(world, log, env, args);
    }
}
