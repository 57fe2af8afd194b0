package dev.tickrunner.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
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

    @Test
    void aMissingTerrainFileIsOneLineForBenchReplayAndPathfinder() throws Exception {
        Path recording = dir.resolve("empty.tick1.json");
        Files.writeString(recording, "{\"userId\":\"u\",\"input\":{}}");
        String terrain = dir.resolve("no-such-terrain.json").toString();
        for (String command : new String[] {"bench", "replay"}) {
            Result result = run(command, recording.toString(), "--terrain", terrain, "--engine-warmup", "0");
            assertOneLine(command, result, "No terrain file " + terrain + " (give --terrain FILE)");
        }
        Path golden = dir.resolve("golden.json");
        Files.writeString(golden, "{\"queries\":[]}");
        assertOneLine("pathfinder", run("pathfinder", golden.toString(), "--terrain", terrain), "no such file: " + terrain);
    }

    @Test
    void aFileThatIsNotJsonIsOneLine() throws Exception {
        Path notJson = dir.resolve("notes.md");
        Files.writeString(notJson, "# not JSON\n");
        assertOneLine("replay", run("replay", notJson.toString(), "--engine-warmup", "0"),
                notJson + " is not valid JSON: ");
        Path golden = dir.resolve("golden.json");
        Files.writeString(golden, "{\"queries\":[]}");
        assertOneLine("pathfinder", run("pathfinder", golden.toString(), "--terrain", notJson.toString()),
                notJson + " is not valid JSON: ");
        Path terrain = dir.resolve("terrain.json");
        Files.writeString(terrain, "[]");
        assertOneLine("pathfinder", run("pathfinder", notJson.toString(), "--terrain", terrain.toString()),
                notJson + " is not valid JSON: ");
    }

    @Test
    void aTerrainFileOfTheWrongShapeIsOneLine() throws Exception {
        Path recording = dir.resolve("empty.tick1.json");
        Files.writeString(recording, "{\"userId\":\"u\",\"input\":{}}");
        Path terrain = dir.resolve("terrain.json");
        Files.writeString(terrain, "{\"rooms\":1}");
        assertOneLine("bench", run("bench", recording.toString(), "--terrain", terrain.toString()),
                terrain + " is not a terrain file (a JSON array of {room, terrain})");
    }

    @Test
    void aMissingOrWrongImportFileIsOneLineEvenWithoutStorage() throws Exception {
        String[] noStorage = {"--config", dir.resolve("none.screepsrc").toString(), "--redis-host", "127.0.0.1",
            "--redis-port", "1", "--mongo-port", "1"};
        String missing = dir.resolve("no-such-db.json").toString();
        assertOneLine("import", run(concat(new String[] {"import", missing}, noStorage)), "no such file: " + missing);
        Path notJson = dir.resolve("db.json");
        Files.writeString(notJson, "not JSON");
        Path notADump = dir.resolve("terrain.json");
        Files.writeString(notADump, "[]");
        // Reading the dump needs an open storage: the local Redis (nothing is written, both fail before that) and a
        // MongoDB port where none answers (the driver connects on first use, which never comes).
        org.junit.jupiter.api.Assumptions.assumeTrue(localRedisAnswers(), "no Redis on 127.0.0.1:6379");
        String[] localRedis = {"--config", dir.resolve("none.screepsrc").toString(), "--redis-host", "127.0.0.1",
            "--redis-port", "6379", "--mongo-port", "1"};
        assertOneLine("import", run(concat(new String[] {"import", notJson.toString()}, localRedis)),
                notJson + " is not valid JSON: ");
        assertOneLine("import", run(concat(new String[] {"import", notADump.toString()}, localRedis)),
                notADump + " is not a LokiJS dump: no 'collections' array");
    }

    private static boolean localRedisAnswers() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void assertOneLine(String command, Result result, String start) {
        assertEquals(TickrunnerCli.USER_ERROR, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("tickrunner " + command + ": " + start), result.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
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
