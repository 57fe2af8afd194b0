package dev.tickrunner.runner.cli;

import dev.tickrunner.runner.config.ConfigSources;
import dev.tickrunner.runner.config.RunnerConfig;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.storage.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The connection and runner flags shared by {@code run} and {@code import}; flags win over the environment, which
 * wins over the {@code .screepsrc} file, which wins over the screepsmod-mongo defaults.
 */
public final class ConnectionOptions {
    @Option(names = "--config", defaultValue = ".screepsrc", description = "a .screepsrc INI file ([mongo], [redis], runner_threads); default ${DEFAULT-VALUE}")
    Path configFile;
    @Option(names = "--mongo-host") String mongoHost;
    @Option(names = "--mongo-port") Integer mongoPort;
    @Option(names = "--mongo-database") String mongoDatabase;
    @Option(names = "--mongo-uri", description = "a full connection string; overrides host, port and database") String mongoUri;
    @Option(names = "--redis-host") String redisHost;
    @Option(names = "--redis-port") Integer redisPort;
    @Option(names = "--threads", description = "worker threads (runner_threads); default: available processors") Integer threads;
    @Option(names = "--shard-name", defaultValue = "shard0", description = "Game.shard.name; default ${DEFAULT-VALUE}") String shardName;
    @Option(names = "--engine-dir", description = "an @screeps/engine package directory to use instead of the bundled 4.3.2; default: the server's own (node_modules/@screeps/engine beside the --config file) when there is one") Path engineDir;
    @Option(names = "--jit-mode", paramLabel = "MODE", description = "Truffle's compilation mode: ${COMPLETION-CANDIDATES} (TICKRUNNER_JIT_MODE); default latency") SandboxConfig.JitMode jitMode;
    @Option(names = "--inter-shard-memory", arity = "0..1", fallbackValue = "true", paramLabel = "true|false", description = "give players the MMO's InterShardMemory (inter_shard_memory, TICKRUNNER_INTER_SHARD_MEMORY), for a multi-shard setup; default false, as the private server's Node runner") Boolean interShardMemory;
    @Option(names = "--engine-warmup", paramLabel = "SECONDS", description = "warm the engine at most this long before taking tickets (TICKRUNNER_ENGINE_WARMUP); default 20, 0 = none") Integer engineWarmupSeconds;

    /**
     * @throws IOException              if the config file cannot be read
     * @throws IllegalArgumentException if a value is invalid (the message names it)
     */
    public RunnerConfig resolve(Map<String, String> environment) throws IOException {
        Map<String, String> values = new HashMap<>(ConfigSources.screepsrc(configFile));
        values.putAll(ConfigSources.environment(environment));
        put(values, "mongo.host", mongoHost);
        put(values, "mongo.port", mongoPort);
        put(values, "mongo.database", mongoDatabase);
        put(values, "mongo.uri", mongoUri);
        put(values, "redis.host", redisHost);
        put(values, "redis.port", redisPort);
        put(values, "runner_threads", threads);
        put(values, "engine_warmup", engineWarmupSeconds);
        put(values, "jit_mode", jitMode);
        put(values, "inter_shard_memory", interShardMemory);
        StorageConfig.Builder storage = StorageConfig.custom();
        if (values.containsKey("mongo.host")) storage.mongoHost(values.get("mongo.host"));
        if (values.containsKey("mongo.port")) storage.mongoPort(integer(values, "mongo.port"));
        if (values.containsKey("mongo.database")) storage.mongoDatabase(values.get("mongo.database"));
        if (values.containsKey("mongo.uri")) storage.mongoUri(values.get("mongo.uri"));
        if (values.containsKey("redis.host")) storage.redisHost(values.get("redis.host"));
        if (values.containsKey("redis.port")) storage.redisPort(integer(values, "redis.port"));
        int runnerThreads = values.containsKey("runner_threads") ? integer(values, "runner_threads")
                : Runtime.getRuntime().availableProcessors();
        SandboxConfig.Builder sandbox = SandboxConfig.builder();
        if (values.containsKey("engine_warmup")) {
            sandbox.engineWarmup(Duration.ofSeconds(integer(values, "engine_warmup")));
        }
        if (values.containsKey("jit_mode")) {
            sandbox.jitMode(jitMode(values.get("jit_mode")));
        }
        if (values.containsKey("inter_shard_memory")) {
            sandbox.interShardMemory(bool(values, "inter_shard_memory"));
        }
        return new RunnerConfig(runnerThreads, shardName, engineDir != null ? engineDir : serverEngine(configFile),
                storage.build(), sandbox.build());
    }

    /**
     * @return the {@code @screeps/engine} of the server whose {@code .screepsrc} this is ({@code node_modules} beside
     *         it, where {@code npm install screeps} puts it), or null when there is none (the bundled engine is used)
     */
    static Path serverEngine(Path configFile) {
        Path dir = configFile.toAbsolutePath().getParent();
        if (dir == null) {
            return null;
        }
        Path engine = dir.resolve("node_modules/@screeps/engine");
        return Files.isRegularFile(engine.resolve("src/game/game.js")) ? engine : null;
    }

    private static void put(Map<String, String> values, String key, Object value) {
        if (value != null) {
            values.put(key, value.toString());
        }
    }

    private static SandboxConfig.JitMode jitMode(String value) {
        try {
            return SandboxConfig.JitMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jit_mode must be one of default, latency, throughput, was '" + value
                    + "'", e);
        }
    }

    private static boolean bool(Map<String, String> values, String key) {
        String value = values.get(key).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + values.get(key) + "'");
        };
    }

    private static int integer(Map<String, String> values, String key) {
        try {
            return Integer.parseInt(values.get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + values.get(key) + "'", e);
        }
    }
}
