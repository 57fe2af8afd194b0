package dev.tickrunner.sandbox.pathfinder;

import dev.tickrunner.pathfinder.GoldenQuery;
import dev.tickrunner.pathfinder.GoldenSet;
import dev.tickrunner.pathfinder.PathFinderTerrain;
import java.nio.file.Path;
import java.util.List;

/**
 * The PathFinder golden queries (the pathfinder module's {@code conformance/pathfinder-public.json}, on this test
 * class path through the sandbox pom) and the terrain they were recorded on, loaded once per test JVM.
 */
final class BindingGoldenFiles {
    private static final GoldenSet SET = GoldenSet.onClassPath(BindingGoldenFiles.class.getClassLoader());
    static final Path GOLDEN = SET.golden();
    static final Path TERRAIN = SET.terrain();
    static final PathFinderTerrain WORLD = SET.world();
    static final List<GoldenQuery> QUERIES = SET.queries();
    /** Each query's JSON object as text, in file order. */
    static final List<String> RAW_QUERIES = SET.rawQueries();

    private BindingGoldenFiles() {
    }
}
