package dev.tickrunner.runner.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.Profile;

/**
 * Reads settings under screepsmod-mongo's and the Screeps server's names: a {@code .screepsrc} INI file
 * ({@code [mongo] host port database uri}, {@code [redis] host port}, {@code runner_threads} at top level or in any
 * section) and the environment ({@code MONGO_HOST MONGO_PORT MONGO_DATABASE MONGO_CONN REDIS_HOST REDIS_PORT
 * RUNNER_THREADS}, and tickrunner's own {@code TICKRUNNER_ENGINE_WARMUP}, seconds, {@code TICKRUNNER_JIT_MODE} and
 * {@code TICKRUNNER_INTER_SHARD_MEMORY}). Keys are returned as {@code mongo.host}, {@code redis.port},
 * {@code runner_threads}.
 *
 * <p>Mirrors: screepsmod-mongo lib/common/index.js (environment names and defaults).
 */
public final class ConfigSources {
    private static final Map<String, String> ENVIRONMENT_NAMES = Map.of(
            "MONGO_HOST", "mongo.host", "MONGO_PORT", "mongo.port", "MONGO_DATABASE", "mongo.database",
            "MONGO_CONN", "mongo.uri", "REDIS_HOST", "redis.host", "REDIS_PORT", "redis.port",
            "RUNNER_THREADS", "runner_threads", "TICKRUNNER_ENGINE_WARMUP", "engine_warmup",
            "TICKRUNNER_JIT_MODE", "jit_mode", "TICKRUNNER_INTER_SHARD_MEMORY", "inter_shard_memory");

    private ConfigSources() {
    }

    /**
     * @param file a {@code .screepsrc}; a missing file gives no settings
     * @return the file's settings under the keys above
     * @throws IOException if the file exists but cannot be read or parsed
     */
    public static Map<String, String> screepsrc(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        if (file == null || !Files.isRegularFile(file)) {
            return values;
        }
        Config config = new Config();
        config.setGlobalSection(true);
        config.setGlobalSectionName("");
        Ini ini = new Ini();
        ini.setConfig(config);
        ini.load(file.toFile());
        for (Profile.Section section : ini.values()) {
            String prefix = section.getName().isEmpty() ? "" : section.getName() + ".";
            for (var entry : section.entrySet()) {
                String key = prefix + entry.getKey();
                values.put(key, strip(entry.getValue()));
                if (entry.getKey().equals("runner_threads")) {
                    values.put("runner_threads", strip(entry.getValue()));
                }
            }
        }
        return values;
    }

    /** @return the settings present in {@code environment} under the keys above */
    public static Map<String, String> environment(Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        ENVIRONMENT_NAMES.forEach((variable, key) -> Optional.ofNullable(environment.get(variable))
                .filter(v -> !v.isBlank()).ifPresent(v -> values.put(key, v)));
        return values;
    }

    private static String strip(String value) {
        String v = value.trim();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
