package dev.tickrunner.pathfinder;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A golden-query file and the terrain it was recorded on, loaded: for the tests of the Java PathFinder and of its
 * GraalJS binding, which find both files on their class path under {@code conformance/}
 * ({@code pathfinder-public.json}, {@code terrain.json}, copied from {@code shared/conformance}).
 *
 * @param golden     the golden-query file
 * @param terrain    the terrain file
 * @param world      the terrain, loaded
 * @param queries    the queries in file order
 * @param rawQueries each query's JSON object as text, in file order
 */
public record GoldenSet(Path golden, Path terrain, PathFinderTerrain world, List<GoldenQuery> queries,
                        List<String> rawQueries) {

    /**
     * @param loader the class loader whose class path holds {@code conformance/pathfinder-public.json} and
     *               {@code conformance/terrain.json}
     * @return the loaded set
     * @throws UncheckedIOException  if a file cannot be read or parsed
     * @throws IllegalStateException if a file is not on the class path
     */
    public static GoldenSet onClassPath(ClassLoader loader) {
        Path golden = resource(loader, "conformance/pathfinder-public.json");
        Path terrain = resource(loader, "conformance/terrain.json");
        try {
            List<String> raw = new ArrayList<>();
            new ObjectMapper().readTree(golden.toFile()).path("queries").forEach(q -> raw.add(q.toString()));
            return new GoldenSet(golden, terrain, PathFinderTerrain.of(GoldenQueryReplay.readTerrain(terrain)),
                    GoldenQueryReplay.readQueries(golden), List.copyOf(raw));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(ClassLoader loader, String name) {
        URL url = loader.getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
