package dev.tickrunner.runner.config;

import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.storage.StorageConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything {@code tickrunner run} needs, resolved from (lowest first) defaults, a {@code .screepsrc} file,
 * environment variables and command-line flags. Immutable; logged once at start.
 *
 * @param runnerThreads worker threads taking user tickets ({@code runner_threads}); Node default: one per CPU
 * @param shardName     {@code Game.shard.name} (Node: the host name)
 * @param engineDir     an operator's {@code @screeps/engine} package directory, or null for the bundled 4.3.2
 * @param storage       MongoDB and Redis connection settings (screepsmod-mongo names)
 * @param sandbox       sandbox limits
 */
public record RunnerConfig(int runnerThreads, String shardName, Path engineDir, StorageConfig storage,
                           SandboxConfig sandbox) {
    /**
     * @throws IllegalArgumentException if {@code runnerThreads < 1} or {@code shardName} is blank
     * @throws NullPointerException     if {@code storage}, {@code sandbox} or {@code shardName} is null
     */
    public RunnerConfig {
        if (runnerThreads < 1) {
            throw new IllegalArgumentException("runnerThreads must be >= 1, was " + runnerThreads);
        }
        Objects.requireNonNull(shardName, "shardName");
        if (shardName.isBlank()) {
            throw new IllegalArgumentException("shardName must not be blank");
        }
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(sandbox, "sandbox");
    }
}
