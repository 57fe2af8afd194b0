package dev.tickrunner.pathfinder;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Focused rules of the native search, on the conformance world (W10N10..W0N0 real rooms). */
class PathFinderRulesTest {
    private static final PathFinder FINDER = new PathFinder(GoldenFiles.WORLD);
    private static final int UNLIMITED = -1; // uint32 4294967295
    /** Room W5N5: world room (122, 122). */
    private static final int ROOM_XX = 122;
    private static final int ROOM_YY = 122;

    /** A plain tile of W5N5 whose 8 neighbours are plain too, as world coordinates {xx, yy}. */
    private static int[] openPlainTile() {
        for (int x = 5; x < 45; x++) {
            for (int y = 5; y < 45; y++) {
                boolean open = true;
                for (int dx = -1; dx <= 1; dx++) {
                    for (int dy = -1; dy <= 1; dy++) {
                        open &= GoldenFiles.WORLD.terrainAt("W5N5", x + dx, y + dy) == 0;
                    }
                }
                if (open) {
                    return new int[]{ROOM_XX * 50 + x, ROOM_YY * 50 + y};
                }
            }
        }
        throw new IllegalStateException("no open plain tile in W5N5");
    }

    private static PathResult search(int[] origin, int[] goals, RoomCallback cb, int maxRooms, boolean flee) {
        return FINDER.search(origin[0], origin[1], goals, cb, 1, 5, maxRooms, 2000, UNLIMITED, flee, 1.2);
    }

    @Test
    void originInsideRangeReturnsUndefinedWithoutCallingCallback() {
        int[] o = openPlainTile();
        List<String> calls = new ArrayList<>();
        RoomCallback cb = (rx, ry, out, off) -> {
            calls.add(rx + "," + ry);
            return RoomCallback.TERRAIN_ONLY;
        };
        PathResult r = search(o, new int[]{3, o[0] + 2, o[1] + 3}, cb, 16, false);
        assertEquals(PathResult.Kind.ORIGIN_SATISFIES_GOAL, r.kind());
        assertEquals(List.of(), calls);
        PathResult fled = search(o, new int[]{4, o[0] + 30, o[1]}, cb, 16, true);
        assertEquals(PathResult.Kind.ORIGIN_SATISFIES_GOAL, fled.kind(), "already outside every flee range");
        assertEquals(List.of(), calls);
    }

    @Test
    void blockedOriginRoomReturnsMinusOne() {
        int[] o = openPlainTile();
        List<String> calls = new ArrayList<>();
        PathResult r = search(o, new int[]{0, o[0] + 10, o[1]}, (rx, ry, out, off) -> {
            calls.add(rx + "," + ry);
            return RoomCallback.BLOCKED;
        }, 16, false);
        assertEquals(PathResult.Kind.ORIGIN_ROOM_BLOCKED, r.kind());
        assertTrue(r.incomplete());
        assertEquals(List.of(ROOM_XX + "," + ROOM_YY), calls);
        assertEquals(PathResult.Kind.ORIGIN_ROOM_BLOCKED, search(o, new int[]{0, o[0] + 10, o[1]}, null, 0, false).kind(),
                "maxRooms 0 leaves no slot for the origin room");
    }

    @Test
    void enclosedOriginCostIsUint32Max() {
        int[] o = openPlainTile();
        int x = o[0] % 50;
        int y = o[1] % 50;
        PathResult r = search(o, new int[]{0, o[0] + 10, o[1]}, (rx, ry, out, off) -> {
            for (int dx = -1; dx <= 1; dx++) {
                for (int dy = -1; dy <= 1; dy++) {
                    out[off + (x + dx) * 50 + (y + dy)] = (byte) (dx == 0 && dy == 0 ? 0 : 255);
                }
            }
            return RoomCallback.MATRIX;
        }, 16, false);
        assertEquals(PathResult.Kind.SEARCHED, r.kind());
        assertEquals(4294967295L, r.cost());
        assertEquals(0, r.ops());
        assertEquals(0, r.steps());
        assertTrue(r.incomplete());
    }

    @Test
    void straightPathCostsOnePerPlainStepAndEndsAtGoal() {
        int[] o = openPlainTile();
        PathResult r = search(o, new int[]{0, o[0] + 1, o[1] + 1}, null, 16, false);
        assertEquals(PathResult.Kind.SEARCHED, r.kind());
        assertFalse(r.incomplete());
        assertEquals(1, r.steps());
        assertEquals(1, r.cost());
        assertEquals(o[0] + 1, r.xx(0));
        assertEquals(o[1] + 1, r.yy(0));
    }

    @Test
    void maxRoomsOneLoadsOnlyTheOriginRoom() {
        int[] o = openPlainTile();
        List<String> calls = new ArrayList<>();
        PathResult r = search(o, new int[]{0, o[0] + 120, o[1]}, (rx, ry, out, off) -> {
            calls.add(rx + "," + ry);
            return RoomCallback.TERRAIN_ONLY;
        }, 1, false);
        assertEquals(List.of(ROOM_XX + "," + ROOM_YY), calls);
        assertTrue(r.incomplete());
        for (int i = 0; i < r.steps(); i++) {
            assertEquals(ROOM_XX, r.xx(i) / 50);
            assertEquals(ROOM_YY, r.yy(i) / 50);
        }
    }

    @Test
    void roomWithoutTerrainThrowsTerrainNotLoaded() {
        int[] outside = {200 * 50 + 25, 200 * 50 + 25};
        TerrainNotLoadedException e = assertThrows(TerrainNotLoadedException.class,
                () -> search(outside, new int[]{0, outside[0] + 5, outside[1]}, null, 16, false));
        assertEquals(200, e.roomXX());
        assertTrue(e.getMessage().startsWith(TerrainNotLoadedException.MESSAGE));
        int[] o = openPlainTile();
        assertEquals(PathResult.Kind.SEARCHED, search(o, new int[]{0, o[0] + 3, o[1]}, null, 16, false).kind(),
                "the thread's state is usable after the failure");
    }

    @Test
    void nestedSearchFromCallbackMatchesPlainSearch() {
        int[] o = openPlainTile();
        int[] goals = {0, o[0] + 70, o[1] + 40};
        PathResult plain = search(o, goals, null, 16, false);
        List<PathResult> inner = new ArrayList<>();
        PathResult outer = search(o, goals, (rx, ry, out, off) -> {
            inner.add(search(o, goals, (a, b, c, d) -> RoomCallback.TERRAIN_ONLY, 16, false));
            return RoomCallback.TERRAIN_ONLY;
        }, 16, false);
        assertArrayEquals(plain.path(), outer.path());
        assertFalse(inner.isEmpty());
        for (PathResult r : inner) {
            assertArrayEquals(plain.path(), r.path());
            assertEquals(plain.ops(), r.ops());
        }
    }

    @Test
    void concurrentThreadsGiveTheGoldenAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                futures.add(pool.submit(() -> {
                    List<Integer> bad = new ArrayList<>();
                    for (GoldenQuery q : GoldenFiles.QUERIES) {
                        if (GoldenQueryReplay.compare(FINDER, q) != null) {
                            bad.add(q.id());
                        }
                    }
                    return bad;
                }));
            }
            for (Future<List<Integer>> f : futures) {
                assertEquals(List.of(), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void terrainUsesTheDriverRoomCoordinatesAndTileOrder() {
        assertEquals(126 | 126 << 8, PathFinderTerrain.roomId("W1N1"));
        assertEquals(129 | 130 << 8, PathFinderTerrain.roomId("E1S2"));
        assertEquals("E1S2", PathFinderTerrain.roomName(129, 130));
        assertThrows(IllegalArgumentException.class, () -> PathFinderTerrain.roomId("X1N1"));
        assertThrows(IllegalArgumentException.class, () -> PathFinderTerrain.roomId("W128N1"));
        assertEquals(143, GoldenFiles.WORLD.roomCount());
        assertEquals(-1, GoldenFiles.WORLD.terrainAt("E5S5", 1, 1));
        String t = "0".repeat(2500);
        String withWall = t.substring(0, 3 + 50 * 7) + "1" + t.substring(3 + 50 * 7 + 1);
        PathFinderTerrain one = PathFinderTerrain.of(List.of(new dev.tickrunner.model.RoomTerrain("E0S0", withWall)));
        assertEquals(1, one.terrainAt("E0S0", 3, 7));
        assertEquals(0, one.terrainAt("E0S0", 7, 3));
    }
}
