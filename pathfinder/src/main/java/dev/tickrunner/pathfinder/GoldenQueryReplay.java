package dev.tickrunner.pathfinder;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.model.RoomTerrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Replays a {@code screeps-pathfinder-golden/1} file (e.g. conformance {@code pathfinder-public.json}) straight
 * into {@link PathFinder} and compares every answer with the native's: {@code path}, {@code cost}, {@code ops},
 * {@code incomplete}, and the room-callback call sequence. It also checks that the recorded {@code native}
 * arguments equal the ones derived from the raw options the way driver lib/path-finder.js derives them. The file
 * format is described in {@code shared/conformance/pathfinder-README.md}; the answers were recorded from the
 * driver's native module ({@code @screeps/driver} 5.3.0 {@code native/src/pf.cc}).
 *
 * <p>Timing method (same as the golden file's native figure): after 2 warm-up rounds over all queries, every
 * query is timed 9 times in 9 interleaved rounds with {@link System#nanoTime()} around the bare search (the
 * callback copies prebuilt matrices, records nothing); the figure per query is its median, and the report gives the
 * median over queries, in µs.
 */
public final class GoldenQueryReplay {
    private static final int WARMUP_ROUNDS = 2;
    private static final int TIMED_ROUNDS = 9;
    private static final int MAX_LISTED_MISMATCHES = 20;

    /**
     * One differing query.
     *
     * @param id       query id
     * @param tags     the query's tags
     * @param expected short description of the native answer
     * @param actual   short description of this path finder's answer
     */
    public record Mismatch(int id, List<String> tags, String expected, String actual) {
    }

    /**
     * The outcome of a replay.
     *
     * @param identical    queries whose answer and callback calls are identical
     * @param total        queries replayed
     * @param argsDisagree ids whose recorded native args differ from the derived ones
     * @param mismatches   the first (up to 20) differing queries, in file order
     * @param mismatchCount all differing queries
     * @param medianMicros median over queries of each query's median search time, µs (NaN if not timed)
     * @param terrainCheck whether the terrain file's sha256 equals the one the golden file records ("" = not
     *                     checked)
     */
    public record Report(int identical, int total, List<Integer> argsDisagree, List<Mismatch> mismatches,
                         int mismatchCount, double medianMicros, String terrainCheck) {
        /** @return whether every query was identical */
        public boolean allIdentical() {
            return identical == total;
        }

        /** @return a human summary: {@code identical/total}, mismatches, args check, timing */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append("PathFinder golden replay: ").append(identical).append('/').append(total).append(" identical\n");
            for (Mismatch m : mismatches) {
                sb.append("  MISMATCH id=").append(m.id()).append(' ').append(m.tags()).append('\n')
                        .append("    expected ").append(m.expected()).append('\n')
                        .append("    actual   ").append(m.actual()).append('\n');
            }
            if (mismatchCount > mismatches.size()) {
                sb.append("  ... ").append(mismatchCount - mismatches.size()).append(" more mismatches\n");
            }
            if (!terrainCheck.isEmpty()) {
                sb.append(terrainCheck).append('\n');
            }
            sb.append("native args derived from options: ").append(argsDisagree.isEmpty()
                    ? "all agree" : "disagree for ids " + argsDisagree).append('\n');
            if (!Double.isNaN(medianMicros)) {
                sb.append(String.format(java.util.Locale.ROOT,
                        "median search time: %.1f µs/query (median of %d timed runs per query after %d warm-up rounds)%n",
                        medianMicros, TIMED_ROUNDS, WARMUP_ROUNDS));
            }
            return sb.toString();
        }
    }

    private GoldenQueryReplay() {
    }

    /**
     * Reads a terrain file: a JSON array of {@code {room, terrain}} ({@code terrain[y*50+x]}).
     *
     * @param terrainFile e.g. conformance {@code terrain.json}
     * @return the rooms in file order
     * @throws IOException if the file cannot be read or parsed
     */
    public static List<RoomTerrain> readTerrain(Path terrainFile) throws IOException {
        List<RoomTerrain> rooms = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(terrainFile.toFile())) {
            rooms.add(new RoomTerrain(r.path("room").asText(), r.path("terrain").asText()));
        }
        return rooms;
    }

    /**
     * Reads the queries of a golden file.
     *
     * @param goldenFile e.g. conformance {@code pathfinder-public.json}
     * @return the queries in file order
     * @throws IOException              if the file cannot be read or parsed
     * @throws IllegalArgumentException if a query is malformed
     */
    public static List<GoldenQuery> readQueries(Path goldenFile) throws IOException {
        List<GoldenQuery> queries = new ArrayList<>();
        for (JsonNode q : new ObjectMapper().readTree(goldenFile.toFile()).path("queries")) {
            queries.add(GoldenQuery.parse(q));
        }
        return queries;
    }

    /**
     * Replays a golden file against its terrain.
     *
     * @param goldenFile  the queries
     * @param terrainFile the terrain the queries were recorded on
     * @param timed       whether to measure search time (adds about 11 searches per query)
     * @return the report, with {@link Report#terrainCheck()} filled in; a query whose search throws counts as a
     *         mismatch ({@code threw ...}), it does not end the replay
     * @throws IOException              if a file cannot be read or parsed
     * @throws IllegalArgumentException if a query is malformed or a terrain room name is invalid
     */
    public static Report replay(Path goldenFile, Path terrainFile, boolean timed) throws IOException {
        PathFinder finder = new PathFinder(PathFinderTerrain.of(readTerrain(terrainFile)));
        Report r = replay(finder, readQueries(goldenFile), timed);
        return new Report(r.identical(), r.total(), r.argsDisagree(), r.mismatches(), r.mismatchCount(),
                r.medianMicros(), terrainCheck(goldenFile, terrainFile));
    }

    /**
     * The terrain file a golden file was recorded with when none is given: {@code terrain.json} beside it.
     *
     * @param goldenFile the golden file
     * @return its sibling {@code terrain.json}
     */
    public static Path defaultTerrainFile(Path goldenFile) {
        return goldenFile.toAbsolutePath().resolveSibling("terrain.json");
    }

    private static String terrainCheck(Path goldenFile, Path terrainFile) throws IOException {
        String recorded;
        try (JsonParser p = new ObjectMapper().getFactory().createParser(goldenFile.toFile())) {
            recorded = null;
            while (p.nextToken() != null && recorded == null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "queries".equals(p.currentName())) {
                    break;
                }
                if (p.currentToken() == JsonToken.FIELD_NAME && "terrain".equals(p.currentName())) {
                    p.nextToken();
                    recorded = p.readValueAsTree() instanceof JsonNode t ? t.path("sha256").asText("") : "";
                }
            }
        }
        if (recorded == null || recorded.isEmpty()) {
            return "terrain sha256: not recorded in the golden file";
        }
        String actual;
        try {
            actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(terrainFile)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return actual.equals(recorded) ? "terrain sha256 matches the recording"
                : "terrain sha256 DIFFERS from the recording (" + actual + " vs " + recorded + ")";
    }

    /**
     * Replays queries.
     *
     * @param finder  the path finder (its terrain must be the recording's)
     * @param queries the queries
     * @param timed   whether to measure search time
     * @return the report
     */
    static Report replay(PathFinder finder, List<GoldenQuery> queries, boolean timed) {
        int identical = 0;
        List<Integer> argsDisagree = new ArrayList<>();
        List<Mismatch> mismatches = new ArrayList<>();
        int mismatchCount = 0;
        for (GoldenQuery q : queries) {
            if (!q.args().sameAs(q.derivedArgs())) {
                argsDisagree.add(q.id());
            }
            String diff = compare(finder, q);
            if (diff == null) {
                identical++;
            } else {
                if (mismatches.size() < MAX_LISTED_MISMATCHES) {
                    mismatches.add(new Mismatch(q.id(), q.tags(), describeExpected(q), diff));
                }
                mismatchCount++;
            }
        }
        double median = timed ? QueryTimer.medianMicros(finder, queries, WARMUP_ROUNDS, TIMED_ROUNDS) : Double.NaN;
        return new Report(identical, queries.size(), List.copyOf(argsDisagree), List.copyOf(mismatches),
                mismatchCount, median, "");
    }

    /**
     * Runs one query (recorded native args, recording callback) and compares path, ops, cost, incomplete and the
     * callback calls with the recording. The golden files record the wrapper's answer, so the special native
     * results compare as the wrapper turns them ({@code cost 0}).
     *
     * @param finder the path finder
     * @param q      the query
     * @return null when identical, else a short description of this path finder's answer (or what it threw)
     */
    static String compare(PathFinder finder, GoldenQuery q) {
        List<String> calls = new ArrayList<>();
        PathResult r;
        try {
            r = run(finder, q, q.callback(calls));
        } catch (RuntimeException e) {
            return "threw " + e;
        }
        int[] path = wrapperPath(r);
        long cost = r.kind() == PathResult.Kind.SEARCHED ? r.cost() : 0;
        boolean same = Arrays.equals(path, q.expectedPath()) && r.ops() == q.expectedOps()
                && cost == q.expectedCost() && r.incomplete() == q.expectedIncomplete()
                && calls.equals(q.expectedCalls());
        return same ? null : describe(path, r.ops(), cost, r.incomplete(), calls);
    }

    static PathResult run(PathFinder finder, GoldenQuery q, RoomCallback callback) {
        GoldenQuery.NativeArgs a = q.args();
        return finder.search(a.originXX(), a.originYY(), a.goals(), callback, a.plainCost(), a.swampCost(),
                a.maxRooms(), a.maxOps(), a.maxCost(), a.flee(), a.heuristicWeight());
    }

    /** @return the path in the driver wrapper's order (first step first) */
    static int[] wrapperPath(PathResult r) {
        int[] p = r.path();
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i += 2) {
            out[p.length - 2 - i] = p[i];
            out[p.length - 1 - i] = p[i + 1];
        }
        return out;
    }

    private static String describeExpected(GoldenQuery q) {
        return describe(q.expectedPath(), q.expectedOps(), q.expectedCost(), q.expectedIncomplete(),
                q.expectedCalls());
    }

    private static String describe(int[] path, long ops, long cost, boolean incomplete, List<String> calls) {
        StringBuilder sb = new StringBuilder();
        sb.append("ops=").append(ops).append(" cost=").append(cost).append(" incomplete=").append(incomplete)
                .append(" steps=").append(path.length / 2).append(" path=");
        int shown = Math.min(path.length / 2, 6);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ",").append('(').append(path[2 * i]).append(',').append(path[2 * i + 1])
                    .append(')');
        }
        if (shown < path.length / 2) {
            sb.append(",...,(").append(path[path.length - 2]).append(',').append(path[path.length - 1]).append(')');
        }
        if (!calls.isEmpty()) {
            sb.append(" calls=").append(calls);
        }
        return sb.toString();
    }
}
