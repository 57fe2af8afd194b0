package dev.tickrunner.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.runner.JitStatus;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.replay.RecordedOutput;
import dev.tickrunner.sandbox.replay.Recording;
import dev.tickrunner.sandbox.replay.TickReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tickrunner replay FILE.json [--ticks N] [--out DIR]}: runs a recorded tick on a fresh sandbox, N consecutive
 * ticks with game time + 1 and the saved Memory fed back, and writes {@code DIR/tick<k>.json} whose {@code output} has
 * the recording's shape.
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

    @Override
    public Integer call() throws Exception {
        Recording recording = RecordingFiles.recording(file);
        ScreepsPackages packages = ScreepsPackages.forEngineDir(engineDir);
        try (SandboxFactory factory = new SandboxFactory(packages, RecordingFiles.world(recording, file, terrain),
                SandboxConfig.ofDefaults())) {
            JitStatus.report(factory);
            List<TickReplayer.ReplayedTick> replayed = new TickReplayer(factory).replay(recording, ticks);
            Files.createDirectories(out);
            RecordedOutput shape = new RecordedOutput(RecordingFiles.MAPPER);
            for (TickReplayer.ReplayedTick tick : replayed) {
                ObjectNode doc = RecordingFiles.MAPPER.createObjectNode();
                doc.put("scenario", recording.scenario());
                doc.put("tickIndex", tick.tickNumber());
                doc.put("userId", recording.userId());
                doc.put("time", recording.input().path("time").asLong() + tick.tickNumber() - 1);
                doc.set("output", shape.of(tick.outcome()));
                doc.putObject("timing").put("wallMs", tick.wallMs());
                Path target = out.resolve("tick" + tick.tickNumber() + ".json");
                RecordingFiles.MAPPER.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), doc);
                System.out.printf("tick %d: %s -> %s%n", tick.tickNumber(), doc.get("output").path("type").asText(), target);
            }
        }
        return 0;
    }
}
