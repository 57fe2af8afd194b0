package dev.tickrunner.it.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.tickrunner.it.Launcher;
import dev.tickrunner.it.faults.FaultServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product as an operator runs it: {@code ./tickrunner} from the project root, a fresh JVM each time, with the
 * launcher's own JVM flags (Graal JIT on the upgrade module path, the per-command heap) and its engine warm-up. The
 * other suites run in the test JVM on the fallback runtime, where no compiler competes with a first tick; here tick 1
 * of a fresh JIT-enabled JVM must come out as Node's did (issue #9: it used to time out), and {@code run} stops on
 * SIGTERM the way the Node runner does (exit 0, nothing left in {@code usersIvmProcessing}).
 */
class LauncherIT {
    private static final Path ROOT = Launcher.ROOT;
    private static final Path RECORDINGS = ROOT.resolve("sandbox/src/test/resources/conformance");
    private static final long TIMEOUT_SECONDS = 240;
    private static final String PENDING = "usersIvmPending";
    private static final String PROCESSING = "usersIvmProcessing";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty", "harvester", "memory"})
    void replayThroughTheLauncherMatchesNodeOnTicksOneAndThree(String scenario, @TempDir Path out) throws Exception {
        Result result = launch(out, "replay", RECORDINGS.resolve(scenario + ".tick1.json").toString(), "--ticks", "3",
                "--check", "--out", out.toString());
        assertEquals(0, result.exitCode(), () -> "replay exited " + result.exitCode() + ":\n" + result.output());
        assertTrue(result.output().contains("GraalJS runtime: GraalVM CE"), () -> "the Graal JIT is not active:\n"
                + result.output());
        assertTrue(result.output().contains("tick 1: done -> " + out.resolve("tick1.json") + " (identical to "
                + scenario + ".tick1.json)"), result::output);
        assertTrue(result.output().contains("tick 3: done -> " + out.resolve("tick3.json") + " (identical to "
                + scenario + ".tick3.json)"), result::output);
    }

    /**
     * Issue #9, "compilation settles": the bench counts what Truffle's JIT does from its JFR events. A cold engine (no
     * engine warm-up, 20 warm-up ticks) compiles the engine's and the player's code during the measured ticks, so the
     * count is above zero when the counting works; a JVM whose counting broke (renamed events, JFR refused) prints 0.
     */
    @Test
    void benchThroughTheLauncherCountsTheJitsCompilations(@TempDir Path out) throws Exception {
        Result result = launch(out, "bench", RECORDINGS.resolve("harvester.tick1.json").toString(), "--ticks", "300",
                "--warmup", "20", "--engine-warmup", "0", "--cold-runs", "1");
        Matcher line = Pattern.compile("^bench: .* jit_compilations=(\\d+) jit_deoptimizations=(\\d+) "
                + "jit_invalidations=(\\d+) failed=(\\d+)$", Pattern.MULTILINE).matcher(result.output());
        assertTrue(line.find(), result::output);
        // A cold JVM (no engine warm-up) on a slow host can time out one of its first ticks (seen once in 320 on 2
        // busy cores): bench counts it, goes on with a new sandbox, and exits 1 for it.
        int failed = Integer.parseInt(line.group(4));
        assertEquals(failed == 0 ? 0 : 1, result.exitCode(), () -> "bench exited " + result.exitCode() + ":\n"
                + result.output());
        assertTrue(failed <= 3, () -> "only a cold engine's first ticks may fail: " + line.group());
        assertTrue(Long.parseLong(line.group(1)) > 0, () -> "compilations counted on a cold engine: " + line.group());
        assertTrue(result.output().contains("JIT events during the measured ticks: " + line.group(1)
                + " compilations"), result::output);
    }

    @Test
    void demoThroughTheLauncherIsALiveShardWhoseWorldChanges(@TempDir Path out) throws Exception {
        Result result = launch(out, Map.of(), "demo", "--ticks", "25", "--metrics-port", "-1");
        assertEquals(0, result.exitCode(), () -> "demo exited " + result.exitCode() + ":\n" + result.output());
        assertTrue(result.output().contains("a live shard on embedded MongoDB-wire server + Redis"), result::output);
        assertTrue(result.output().contains("Runner ready after"), result::output);
        Matcher summary = Pattern.compile("summary: 25 ticks, (\\d+) user tickets \\((\\d+) done, 0 not done\\)")
                .matcher(result.output());
        assertTrue(summary.find(), result::output);
        assertEquals(summary.group(1), summary.group(2));
        Matcher achieved = Pattern.compile("the bots achieved: creeps (\\d+) -> (\\d+), (\\d+) energy harvested.*"
                + ", (\\d+) main loop resets").matcher(result.output());
        assertTrue(achieved.find(), result::output);
        assertTrue(Integer.parseInt(achieved.group(2)) > Integer.parseInt(achieved.group(1)),
                "the real processor spawned the bots' creeps: " + achieved.group());
        assertEquals(25, result.output().lines().filter(l -> l.startsWith("tick ") && l.contains(" | world: "))
                .count(), "a line per tick with the world's state");
    }

    @Test
    void demoWithoutNodeSaysSoAndRunsTheRunnerOnlyDemo(@TempDir Path out) throws Exception {
        Result result = launch(out, Map.of("TICKRUNNER_NODE", out.resolve("no-such-node").toString()), "demo",
                "--ticks", "3", "--metrics-port", "-1");
        assertEquals(0, result.exitCode(), () -> "demo exited " + result.exitCode() + ":\n" + result.output());
        assertTrue(result.output().contains("is not on this machine: running the runner-only demo instead"),
                result::output);
        assertTrue(result.output().contains("summary: 3 ticks, 12 user tickets (12 done, 0 not done)"),
                result::output);
        // No TICKRUNNER_HEAP: the launcher's heap for its default of 16 players.
        assertTrue(result.output().contains("at a time in sandboxes; heap 1024 MB"), result::output);
    }

    @Test
    void aTypoInThePlayerCountIsOneLineAndStartsNoJvm(@TempDir Path out) throws Exception {
        Result result = launch(out, Map.of("TICKRUNNER_PLAYERS", "16O"), "demo", "--ticks", "1");
        assertEquals(2, result.exitCode(), result::output);
        assertEquals("tickrunner: TICKRUNNER_PLAYERS must be a whole number of players from 1 to 999999, was '16O'",
                result.output().strip());
    }

    @Test
    void runStopsOnSigtermWithExitZeroAndLeavesNoTicketInProcessing(@TempDir Path out) throws Exception {
        try (FaultServices services = new FaultServices()) {
            String[] connection = {"--mongo-uri", services.mongoUri(), "--redis-host", "127.0.0.1", "--redis-port",
                    Integer.toString(services.redisPort())};
            Result imported = launch(out, concat(new String[] {"import"}, connection));
            assertEquals(0, imported.exitCode(), imported::output);
            List<String> users;
            try (MongoClient mongo = MongoClients.create(services.mongoUri())) {
                users = mongo.getDatabase("screeps").getCollection("users.code").distinct("user", String.class)
                        .into(new ArrayList<>());
            }
            assertFalse(users.isEmpty(), "the bundled world has bots");
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + services.redisPort());
            Path log = out.resolve("run.log");
            Process run = start(out, log, concat(new String[] {"run", "--threads", "2", "--engine-warmup", "5",
                    "--metrics-port", "-1"}, connection));
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                awaitLog(log, run, "Runner ready after");
                for (int tick = 0; tick < 3; tick++) {
                    redis.sync().lpush(PENDING, users.toArray(String[]::new));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while ((redis.sync().llen(PENDING) > 0 || redis.sync().llen(PROCESSING) > 0)
                            && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertEquals(0, redis.sync().llen(PROCESSING), "tick " + tick + " drained");
                }
                redis.sync().lpush(PENDING, users.toArray(String[]::new));
                while (redis.sync().llen(PROCESSING) == 0 && redis.sync().llen(PENDING) > 0) {
                    Thread.sleep(1);
                }
                long stopAt = System.nanoTime();
                run.destroy(); // SIGTERM, with tickets in hand
                assertTrue(run.waitFor(10, TimeUnit.SECONDS), () -> "run did not stop within 10 s of SIGTERM:\n"
                        + read(log));
                long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
                assertEquals(0, run.exitValue(), () -> "SIGTERM should end run with 0, as the Node runner does:\n"
                        + read(log));
                assertEquals(0, redis.sync().llen(PROCESSING), "every ticket in hand finished: " + read(log));
                String output = read(log);
                assertTrue(output.contains("Stop requested (SIGTERM)"), output);
                assertTrue(output.contains("Runner exited"), output);
                System.out.printf("run: SIGTERM with tickets in hand -> exit 0 after %d ms%n", stopMs);
            } finally {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
                client.shutdown();
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Process start(Path workDir, Path log, String... args) throws IOException {
        return Launcher.start(workDir, log, Map.of("TICKRUNNER_HEAP", "1g"), args);
    }

    private static void awaitLog(Path log, Process process, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!read(log).contains(line)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no '" + line + "' in the log:\n" + read(log));
            }
            Thread.sleep(100);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Runs the launcher to the end (stopped by pid if it outlives the timeout), stdout and stderr together. */
    private static Result launch(Path workDir, String... args) throws IOException, InterruptedException {
        return launch(workDir, Map.of(), args);
    }

    private static Result launch(Path workDir, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(ROOT.resolve("tickrunner")), "no launcher in " + ROOT);
        Path log = workDir.resolve("launcher.log");
        Process process = Launcher.start(workDir, log, env, args);
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("launcher did not finish in " + TIMEOUT_SECONDS + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
