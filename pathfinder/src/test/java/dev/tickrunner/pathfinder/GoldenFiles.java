package dev.tickrunner.pathfinder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * The conformance files copied under {@code src/test/resources/conformance}, loaded once per test JVM:
 * {@code pathfinder-public.json} and the {@code terrain.json} it was recorded on (the same file as the sandbox's,
 * both from {@code shared/conformance}; {@link GoldenQueryReplayTest} checks its sha256 against the recording's).
 */
final class GoldenFiles {
    static final Path GOLDEN = resource("conformance/pathfinder-public.json");
    static final Path TERRAIN = resource("conformance/terrain.json");
    static final PathFinderTerrain WORLD;
    static final List<GoldenQuery> QUERIES;
    /** Each query's JSON object as text, in file order. */
    static final List<String> RAW_QUERIES;

    static {
        try {
            WORLD = PathFinderTerrain.of(GoldenQueryReplay.readTerrain(TERRAIN));
            QUERIES = GoldenQueryReplay.readQueries(GOLDEN);
            List<String> raw = new java.util.ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(GOLDEN.toFile()).path("queries")
                    .forEach(q -> raw.add(q.toString()));
            RAW_QUERIES = List.copyOf(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GoldenFiles() {
    }

    private static Path resource(String name) {
        try {
            return Path.of(GoldenFiles.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
