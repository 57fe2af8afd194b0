package dev.tickrunner.sandbox.pathfinder;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.pathfinder.GoldenQuery;
import dev.tickrunner.pathfinder.GoldenQueryReplay;
import dev.tickrunner.pathfinder.PathFinderTerrain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PathFinder golden queries (the pathfinder module's {@code conformance/pathfinder-public.json}, on this test
 * class path through the sandbox pom) and the terrain they were recorded on, loaded once per test JVM.
 */
final class BindingGoldenFiles {
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
            List<String> raw = new ArrayList<>();
            new ObjectMapper().readTree(GOLDEN.toFile()).path("queries").forEach(q -> raw.add(q.toString()));
            RAW_QUERIES = List.copyOf(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BindingGoldenFiles() {
    }

    private static Path resource(String name) {
        try {
            return Path.of(BindingGoldenFiles.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
