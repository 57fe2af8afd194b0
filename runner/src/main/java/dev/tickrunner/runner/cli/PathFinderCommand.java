package dev.tickrunner.runner.cli;

import dev.tickrunner.pathfinder.GoldenQueryReplay;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tickrunner pathfinder FILE.json [--terrain terrain.json]}: replays PathFinder golden queries (format of
 * {@code shared/conformance/pathfinder-README.md}) straight into the Java PathFinder, prints {@code identical/total},
 * the first mismatches and the median µs per query, and exits 1 on any mismatch. A missing FILE or terrain file, or
 * one that is not JSON, is a user's mistake (one line, exit 2).
 */
@Command(name = "pathfinder", mixinStandardHelpOptions = true,
        description = "Replay PathFinder golden queries recorded from the native module.")
public final class PathFinderCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.json", description = "golden queries, e.g. shared/conformance/pathfinder-public.json")
    Path file;

    @Option(names = "--terrain", description = "terrain.json (default: the one beside FILE)")
    Path terrain;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Path terrainFile = terrain != null ? terrain : GoldenQueryReplay.defaultTerrainFile(file);
        if (!Files.isRegularFile(terrainFile)) {
            throw new NoSuchFileException(terrainFile.toString());
        }
        // replay reads both files: the terrain is read alone first, so a JSON error in replay is FILE's.
        RecordingFiles.readJson(terrainFile, GoldenQueryReplay::readTerrain);
        GoldenQueryReplay.Report report = RecordingFiles.readJson(file,
                golden -> GoldenQueryReplay.replay(golden, terrainFile, true));
        System.out.println(report.format());
        return report.allIdentical() ? 0 : 1;
    }
}
