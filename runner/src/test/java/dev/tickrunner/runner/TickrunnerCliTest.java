package dev.tickrunner.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A user's mistake on the command line is one clear line and exit code 2, not a stack trace. */
class TickrunnerCliTest {
    @TempDir
    Path dir;

    @Test
    void aMissingRecordingIsOneLine() {
        Result result = run("replay", dir.resolve("no-such-recording.json").toString(), "--engine-warmup", "0");
        assertEquals(TickrunnerCli.USER_ERROR, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("tickrunner replay: ") && result.err().contains("no-such-recording.json"),
                result.err());
    }

    @Test
    void aValueOutOfRangeIsOneLine() {
        Result result = run("demo", "--ticks", "0");
        assertEquals(TickrunnerCli.USER_ERROR, result.exitCode(), result.err());
        assertEquals("tickrunner demo: --ticks and --threads must be >= 1, were 0 and 2", result.err().strip());
    }

    @Test
    void unreachableStorageIsOneLine() {
        Result result = run("import", "--config", dir.resolve("none.screepsrc").toString(), "--redis-host",
                "127.0.0.1", "--redis-port", "1", "--mongo-port", "1");
        assertEquals(1, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("tickrunner import: storage unreachable: "), result.err());
    }

    private record Result(int exitCode, String err) {
    }

    private static Result run(String... args) {
        CommandLine cli = TickrunnerCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, err.toString());
    }
}
