package dev.tickrunner.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tickrunner.runner.config.RunnerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run --config <server>/.screepsrc} runs the server's own {@code @screeps/engine} unless told otherwise. */
class ServerEngineTest {
    @TempDir
    Path server;

    @Test
    void theServersOwnEngineIsFoundBesideItsScreepsrc() throws Exception {
        Files.writeString(server.resolve(".screepsrc"), "[redis]\nport = 6391\n");
        Path engine = server.resolve("node_modules/@screeps/engine");
        Files.createDirectories(engine.resolve("src/game"));
        Files.writeString(engine.resolve("src/game/game.js"), "// the server's engine\n");
        assertEquals(engine, resolve("--config", server.resolve(".screepsrc").toString()).engineDir());
        Path other = server.resolve("other-engine");
        assertEquals(other, resolve("--config", server.resolve(".screepsrc").toString(), "--engine-dir",
                other.toString()).engineDir(), "--engine-dir wins");
    }

    @Test
    void withoutAServerEngineTheBundledOneIsUsed() throws Exception {
        Files.writeString(server.resolve(".screepsrc"), "[redis]\nport = 6391\n");
        Files.createDirectories(server.resolve("node_modules/@screeps/engine"));
        assertNull(resolve("--config", server.resolve(".screepsrc").toString()).engineDir(),
                "an engine directory without src/game/game.js is not an engine");
    }

    private static RunnerConfig resolve(String... args) throws Exception {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run.connection.resolve(Map.of());
    }
}
