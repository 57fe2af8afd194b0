package dev.tickrunner.sandbox.pathfinder;

import dev.tickrunner.pathfinder.PathFinder;
import dev.tickrunner.pathfinder.PathFinderTerrain;
import dev.tickrunner.pathfinder.PathResult;
import dev.tickrunner.pathfinder.RoomCallback;
import dev.tickrunner.pathfinder.TerrainNotLoadedException;
import dev.tickrunner.sandbox.containment.TrustedSources;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Java side of the driver's {@code native} path finder module, for a GraalJS context built with
 * {@code SandboxPolicy.CONSTRAINED}. Only {@link HostAccess.Export} members are visible to JS.
 *
 * <p>Wiring (per context): evaluate {@link #adapterSource()} (a single function expression), execute it with
 * {@code new PathFinderBinding(terrain)} and give the returned JS object, as {@code native}, to the driver's
 * {@code lib/path-finder.js} {@code create(native)}. The adapter converts arguments like native/src/main.cc, packs the
 * goals into one {@code Uint32Array}, and rebuilds the native return value from the {@link Answer}.
 *
 * <p>Data crossing the boundary per search: the goals buffer (one bulk read), one bulk read of 2500 bytes per room
 * the search loads with a cost matrix, and the path as one string (two UTF-16 units per tile: {@code xx}, {@code yy},
 * which are below 12800). Terrain never crosses: it lives in {@link PathFinderTerrain}.
 *
 * <p>Thread-safe; one binding may serve many contexts. A search runs to its end in Java (at most 64 rooms), so a
 * context cancellation takes effect when it returns.
 *
 * <p>One known difference: the native keeps a pointer to each returned matrix and reads it live, so a callback
 * that changes an already-returned matrix while the same search is still running would be seen by the native;
 * here the bytes are copied when the room loads.
 *
 * <p>Mirrors: driver native/src/main.cc search, load_terrain, version.
 */
public final class PathFinderBinding {
    /** Classpath location of the JS adapter. */
    public static final String ADAPTER_RESOURCE = "/dev/tickrunner/sandbox/pathfinder/native-pathfinder.js";
    private static final Logger LOG = LoggerFactory.getLogger(PathFinderBinding.class);

    private final PathFinder finder;

    /**
     * @param terrain the world's terrain, shared by all searches
     * @throws NullPointerException if {@code terrain} is null
     */
    public PathFinderBinding(PathFinderTerrain terrain) {
        this.finder = new PathFinder(terrain);
    }

    /**
     * The JS adapter source: evaluates to {@code function (javaBinding) -> native}.
     *
     * @return the source, named {@code native-pathfinder.js}
     * @throws UncheckedIOException if the resource cannot be read
     */
    public static Source adapterSource() {
        try (InputStream in = Objects.requireNonNull(PathFinderBinding.class.getResourceAsStream(ADAPTER_RESOURCE),
                ADAPTER_RESOURCE)) {
            return Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "native-pathfinder.js").uri(TrustedSources.uri("native-pathfinder.js")).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the native module version the driver checks ({@code 11}) */
    @HostAccess.Export
    public int version() {
        return 11;
    }

    /**
     * Runs one native search. Called by the adapter only; numbers arrive already converted ({@code >>> 0}).
     *
     * @param originXX        origin world column (uint32 as a number)
     * @param originYY        origin world row (uint32 as a number)
     * @param goals           an ArrayBuffer of uint32 little-endian triples {@code range, xx, yy}
     * @param callback        a JS function {@code (roomXX, roomYY) -> false | ArrayBuffer(2500) | other}, or null
     * @param plainCost       uint32
     * @param swampCost       uint32
     * @param maxRooms        uint32 (low 8 bits used)
     * @param maxOps          uint32
     * @param maxCost         uint32
     * @param flee            flee mode
     * @param heuristicWeight float64
     * @return the answer; never a Java exception for any numeric input (a room without terrain and internal
     *         failures come back as {@link Answer#kind()} 2 with a message the adapter throws as a JS Error)
     * @throws PolyglotException what the JS callback threw, rethrown unchanged to the JS caller
     */
    @HostAccess.Export
    public Answer search(double originXX, double originYY, Value goals, Value callback, double plainCost,
                         double swampCost, double maxRooms, double maxOps, double maxCost, boolean flee,
                         double heuristicWeight) {
        try {
            int[] goalTriples = readGoals(goals);
            RoomCallback rooms = callback == null || callback.isNull() ? null : new JsRoomCallback(callback);
            return new Answer(finder.search(uint32(originXX), uint32(originYY), goalTriples, rooms, uint32(plainCost),
                    uint32(swampCost), uint32(maxRooms), uint32(maxOps), uint32(maxCost), flee, heuristicWeight),
                    null);
        } catch (PolyglotException e) {
            throw e;
        } catch (TerrainNotLoadedException e) {
            return new Answer(null, TerrainNotLoadedException.MESSAGE);
        } catch (RuntimeException e) {
            LOG.warn("path finder failed", e);
            return new Answer(null, "PathFinder failed: " + e.getClass().getSimpleName());
        }
    }

    private static int uint32(double v) {
        return Double.isFinite(v) ? (int) (long) (v % 4294967296.0) : 0;
    }

    private static int[] readGoals(Value goals) {
        if (goals == null || !goals.hasBufferElements()) {
            return new int[0];
        }
        int bytes = (int) Math.min(Integer.MAX_VALUE - 16, goals.getBufferSize()) / 12 * 12;
        byte[] raw = new byte[bytes];
        goals.readBuffer(0, raw, 0, bytes);
        int[] triples = new int[bytes / 4];
        for (int i = 0; i < triples.length; i++) {
            int b = 4 * i;
            triples[i] = (raw[b] & 0xff) | (raw[b + 1] & 0xff) << 8 | (raw[b + 2] & 0xff) << 16 | raw[b + 3] << 24;
        }
        return triples;
    }

    /** Calls the adapter's wrapped JS callback and bulk-copies a returned 2500-byte ArrayBuffer. */
    private record JsRoomCallback(Value function) implements RoomCallback {
        @Override
        public int loadRoom(int roomXX, int roomYY, byte[] matrixOut, int offset) {
            Value ret = function.execute(roomXX, roomYY);
            if (ret.isBoolean() && !ret.asBoolean()) {
                return BLOCKED;
            }
            if (ret.hasBufferElements() && ret.getBufferSize() == MATRIX_BYTES) {
                ret.readBuffer(0, matrixOut, offset, MATRIX_BYTES);
                return MATRIX;
            }
            return TERRAIN_ONLY;
        }
    }

    /**
     * One native answer as the adapter reads it.
     */
    public static final class Answer {
        private final PathResult result;
        private final String error;

        Answer(PathResult result, String error) {
            this.result = result;
            this.error = error;
        }

        /** @return 0 = native {@code undefined}, -1 = native {@code -1}, 1 = result object, 2 = JS error */
        @HostAccess.Export
        public int kind() {
            if (result == null) {
                return 2;
            }
            return switch (result.kind()) {
                case ORIGIN_SATISFIES_GOAL -> 0;
                case ORIGIN_ROOM_BLOCKED -> -1;
                case SEARCHED -> 1;
            };
        }

        /** @return the error message for kind 2 ({@code Could not load terrain data}), else null */
        @HostAccess.Export
        public String error() {
            return error;
        }

        /** @return the path, native order, as chars {@code xx0 yy0 xx1 yy1 ...}; empty unless kind 1 */
        @HostAccess.Export
        public String path() {
            if (result == null) {
                return "";
            }
            int[] p = result.path();
            char[] chars = new char[p.length];
            for (int i = 0; i < p.length; i++) {
                chars[i] = (char) p[i];
            }
            return new String(chars);
        }

        /** @return ops as a number */
        @HostAccess.Export
        public double ops() {
            return result == null ? 0 : result.ops();
        }

        /** @return cost as a number (4294967295 when no node was popped) */
        @HostAccess.Export
        public double cost() {
            return result == null ? 0 : result.cost();
        }

        /** @return the incomplete flag */
        @HostAccess.Export
        public boolean incomplete() {
            return result != null && result.incomplete();
        }
    }
}
