package dev.tickrunner.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.runner.cli.ConnectionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Settings come from .screepsrc, then the environment, then flags, under screepsmod-mongo's names. */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    @Test
    void screepsrcSectionsAndTopLevelRunnerThreadsAreRead() throws Exception {
        Path rc = dir.resolve(".screepsrc");
        Files.writeString(rc, "runner_threads = 3\n[mongo]\nhost = db.example\nport = 27018\ndatabase = \"shard1\"\n[redis]\nhost = cache\nport = 6380\n");
        Map<String, String> values = ConfigSources.screepsrc(rc);
        assertEquals("3", values.get("runner_threads"));
        assertEquals("db.example", values.get("mongo.host"));
        assertEquals("27018", values.get("mongo.port"));
        assertEquals("shard1", values.get("mongo.database"));
        assertEquals("cache", values.get("redis.host"));
        assertEquals("6380", values.get("redis.port"));
    }

    @Test
    void missingScreepsrcGivesNoSettings() throws Exception {
        assertTrue(ConfigSources.screepsrc(dir.resolve("absent")).isEmpty());
    }

    @Test
    void environmentUsesScreepsmodMongoNames() {
        Map<String, String> values = ConfigSources.environment(Map.of("MONGO_CONN", "mongodb://u:p@h/db",
                "REDIS_PORT", "7000", "RUNNER_THREADS", "5", "UNRELATED", "x"));
        assertEquals(Map.of("mongo.uri", "mongodb://u:p@h/db", "redis.port", "7000", "runner_threads", "5"), values);
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
        Path rc = dir.resolve(".screepsrc");
        Files.writeString(rc, "runner_threads = 3\n[mongo]\nhost = from-file\n[redis]\nhost = from-file\nport = 6390\n");
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs("--config", rc.toString(), "--redis-host", "from-flag");
        RunnerConfig config = options.resolve(Map.of("MONGO_HOST", "from-env", "REDIS_HOST", "from-env"));
        assertEquals("from-env", config.storage().mongoHost());
        assertEquals("from-flag", config.storage().redisHost());
        assertEquals(6390, config.storage().redisPort());
        assertEquals(3, config.runnerThreads());
    }

    @Test
    void nonNumericPortIsRejectedNamingTheSetting() throws Exception {
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs("--config", dir.resolve("none").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> options.resolve(Map.of("REDIS_PORT", "six")));
        assertEquals("redis.port must be an integer, was 'six'", e.getMessage());
    }

    @Test
    void zeroThreadsIsRejected() throws Exception {
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs("--config", dir.resolve("none").toString(), "--threads", "0");
        assertThrows(IllegalArgumentException.class, () -> options.resolve(Map.of()));
    }

    /** Issue #11: InterShardMemory is off unless the operator turns it on (file, environment or flag). */
    @Test
    void interShardMemoryIsOffByDefaultAndTurnedOnByFileEnvironmentOrFlag() throws Exception {
        ConnectionOptions none = new ConnectionOptions();
        new CommandLine(none).parseArgs("--config", dir.resolve("none").toString());
        assertEquals(false, none.resolve(Map.of()).sandbox().interShardMemory());

        Path rc = dir.resolve(".screepsrc");
        Files.writeString(rc, "inter_shard_memory = true\n");
        ConnectionOptions fromFile = new ConnectionOptions();
        new CommandLine(fromFile).parseArgs("--config", rc.toString());
        assertEquals(true, fromFile.resolve(Map.of()).sandbox().interShardMemory());

        ConnectionOptions flagWins = new ConnectionOptions();
        new CommandLine(flagWins).parseArgs("--config", rc.toString(), "--inter-shard-memory", "false");
        assertEquals(false, flagWins.resolve(Map.of("TICKRUNNER_INTER_SHARD_MEMORY", "true")).sandbox()
                .interShardMemory());

        ConnectionOptions typo = new ConnectionOptions();
        new CommandLine(typo).parseArgs("--config", dir.resolve("none").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> typo.resolve(Map.of("TICKRUNNER_INTER_SHARD_MEMORY", "ture")));
        assertEquals("inter_shard_memory must be true or false, was 'ture'", e.getMessage());
    }
}
