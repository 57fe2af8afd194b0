package dev.tickrunner.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.runner.JitStatus;
import dev.tickrunner.sandbox.EngineWarmup;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.replay.RecordedOutput;
import dev.tickrunner.sandbox.replay.Recording;
import dev.tickrunner.sandbox.replay.RecordingComparison;
import dev.tickrunner.sandbox.replay.TickReplayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tickrunner replay FILE.json [--ticks N] [--out DIR] [--check]}: runs a recorded tick on a fresh sandbox, N
 * consecutive ticks with game time + 1 and the saved Memory fed back, and writes {@code DIR/tick<k>.json} whose
 * {@code output} has the recording's shape. Before that it warms the engine as {@code run} does, so that tick 1 runs
 * on a runner in the state a player meets it in (a fresh sandbox on a started runner), not in a cold JVM.
 *
 * <p>With {@code --check}, each replayed tick k for which a recording {@code <scenario>.tick<k>.json} lies beside
 * FILE is compared with it ({@link RecordingComparison}); the command prints {@code identical} or the differences and
 * exits 1 when any tick differs.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a recorded Node tick (shared/conformance format) on a fresh sandbox.")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.json", description = "a recording, e.g. shared/conformance/memory.tick1.json")
    Path file;

    @Option(names = "--ticks", defaultValue = "1", description = "consecutive ticks on the same sandbox (default ${DEFAULT-VALUE})")
    int ticks;

    @Option(names = "--out", defaultValue = "replay-out", description = "output directory (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--terrain", description = "terrain.json (default: the one beside FILE)")
    Path terrain;

    @Option(names = "--engine-dir", description = "an @screeps/engine package directory to use instead of the bundled 4.3.2")
    Path engineDir;

    @Option(names = "--engine-warmup", defaultValue = "20", paramLabel = "SECONDS",
            description = "warm the engine first, as `run` does, at most this long (default ${DEFAULT-VALUE}; 0 skips it)")
    int engineWarmupSeconds;

    @Option(names = "--check", description = "compare each tick with the recording <scenario>.tick<k>.json beside FILE; exit 1 on a difference")
    boolean check;

    @Override
    public Integer call() throws Exception {
        if (ticks < 1 || engineWarmupSeconds < 0) {
            throw new IllegalArgumentException("--ticks must be >= 1 and --engine-warmup >= 0");
        }
        Recording recording = RecordingFiles.recording(file);
        ScreepsPackages packages = ScreepsPackages.forEngineDir(engineDir);
        AtomicInteger differing = new AtomicInteger();
        try (SandboxFactory factory = new SandboxFactory(packages, RecordingFiles.world(recording, file, terrain),
                SandboxConfig.ofDefaults())) {
            JitStatus.report(factory);
            new EngineWarmup(factory).run(Duration.ofSeconds(engineWarmupSeconds));
            Files.createDirectories(out);
            RecordedOutput shape = new RecordedOutput(RecordingFiles.MAPPER);
            // Each tick is written and checked as it comes: a long replay of a large Memory keeps one tick's output.
            new TickReplayer(factory).replay(recording, ticks, tick -> {
                try {
                    if (written(recording, shape, tick).differs()) {
                        differing.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return differing.get() == 0 ? 0 : 1;
    }

    /** Writes {@code DIR/tick<k>.json}, prints its line and, with {@code --check}, compares it with the recording. */
    private Verdict written(Recording recording, RecordedOutput shape, TickReplayer.ReplayedTick tick)
            throws IOException {
        ObjectNode doc = RecordingFiles.MAPPER.createObjectNode();
        doc.put("scenario", recording.scenario());
        doc.put("tickIndex", tick.tickNumber());
        doc.put("userId", recording.userId());
        doc.put("time", recording.input().path("time").asLong() + tick.tickNumber() - 1);
        ObjectNode output = shape.of(tick.outcome());
        doc.set("output", output);
        doc.putObject("timing").put("wallMs", tick.wallMs());
        Path target = out.resolve("tick" + tick.tickNumber() + ".json");
        RecordingFiles.MAPPER.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), doc);
        Verdict verdict = check ? checked(recording, tick.tickNumber(), output) : Verdict.NONE;
        System.out.printf("tick %d: %s -> %s%s%n", tick.tickNumber(), output.path("type").asText(), target,
                verdict.text());
        return verdict;
    }

    /** What {@code --check} found for one tick: the text printed after its line, and whether it differs. */
    private record Verdict(String text, boolean differs) {
        static final Verdict NONE = new Verdict("", false);
    }

    /** Compares tick k with {@code <scenario>.tick<k>.json} beside FILE; {@link Verdict#NONE} when there is none. */
    private Verdict checked(Recording recording, int tickNumber, ObjectNode output) throws IOException {
        Path expectedFile = file.toAbsolutePath().getParent()
                .resolve(recording.scenario() + ".tick" + tickNumber + ".json");
        if (!Files.isRegularFile(expectedFile)) {
            return Verdict.NONE;
        }
        JsonNode expected = RecordingFiles.MAPPER.readTree(expectedFile.toFile()).get("output");
        if (!(expected instanceof ObjectNode expectedOutput)) {
            return new Verdict(" (" + expectedFile.getFileName() + " has no output to compare)", true);
        }
        List<String> differences = RecordingComparison.differences(expectedOutput, output);
        return differences.isEmpty() ? new Verdict(" (identical to " + expectedFile.getFileName() + ")", false)
                : new Verdict(" (differs from " + expectedFile.getFileName() + ": " + String.join("; ", differences)
                + ")", true);
    }
}
