package dev.tickrunner.pathfinder;

import java.nio.file.Path;
import java.util.List;

/**
 * The conformance files copied under {@code src/test/resources/conformance}, loaded once per test JVM:
 * {@code pathfinder-public.json} and the {@code terrain.json} it was recorded on (the same file as the sandbox's,
 * both from {@code shared/conformance}; {@link GoldenQueryReplayTest} checks its sha256 against the recording's).
 */
final class GoldenFiles {
    private static final GoldenSet SET = GoldenSet.onClassPath(GoldenFiles.class.getClassLoader());
    static final Path GOLDEN = SET.golden();
    static final Path TERRAIN = SET.terrain();
    static final PathFinderTerrain WORLD = SET.world();
    static final List<GoldenQuery> QUERIES = SET.queries();
    /** Each query's JSON object as text, in file order. */
    static final List<String> RAW_QUERIES = SET.rawQueries();

    private GoldenFiles() {
    }
}
