package dev.tickrunner.it.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product as an operator runs it: {@code ./tickrunner} from the project root, a fresh JVM each time, with the
 * launcher's own JVM flags (Graal JIT on the upgrade module path, the per-command heap) and its engine warm-up. The
 * other suites run in the test JVM on the fallback runtime, where no compiler competes with a first tick; here tick 1
 * of a fresh JIT-enabled JVM must come out as Node's did (issue #9: it used to time out).
 */
class LauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path RECORDINGS = ROOT.resolve("sandbox/src/test/resources/conformance");
    private static final long TIMEOUT_SECONDS = 240;

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

    @Test
    void demoThroughTheLauncherFinishesEveryTicket(@TempDir Path out) throws Exception {
        Result result = launch(out, "demo", "--ticks", "3", "--metrics-port", "-1");
        assertEquals(0, result.exitCode(), () -> "demo exited " + result.exitCode() + ":\n" + result.output());
        assertTrue(result.output().contains("summary: 3 ticks, 12 user tickets (12 done, 0 not done)"),
                result::output);
        assertTrue(result.output().contains("Runner ready after"), result::output);
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs the launcher to the end (stopped by pid if it outlives the timeout), stdout and stderr together. */
    private static Result launch(Path workDir, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(ROOT.resolve("tickrunner")), "no launcher in " + ROOT);
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("tickrunner").toString());
        command.addAll(List.of(args));
        Path log = workDir.resolve("launcher.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("TICKRUNNER_JAVA_OPTS");
        Process process = builder.start();
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
