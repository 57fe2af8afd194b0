package dev.tickrunner.pathfinder;

import java.util.Arrays;

import static dev.tickrunner.pathfinder.WorldCoords.range;
import static dev.tickrunner.pathfinder.WorldCoords.roomIdOf;

/**
 * The mutable state of one search: node parents, open/closed marks, the open heap, the goals, and the main loop.
 * One instance serves many searches on one thread (never two at once); node arrays grow with the number of rooms
 * loaded (2500 nodes per room, at most 64 rooms), so a search touches memory in proportion to the rooms it loads.
 *
 * <p>Mirrors: driver native/src/pf.cc path_finder_t::search, push_node, heuristic, pos_from_index and
 * driver native/src/pf.h open_closed_t.
 */
final class SearchState extends JumpPointSearch {
    private static final long UINT32 = 0xFFFFFFFFL;
    private static final int INITIAL_ROOMS = 4;

    private int[] parents = new int[INITIAL_ROOMS * ROOM_TILES];
    private int[] openClosed = new int[INITIAL_ROOMS * ROOM_TILES];
    private int marker = 1;
    private final OpenHeap heap = new OpenHeap(INITIAL_ROOMS * ROOM_TILES);
    private int[] pathBuffer = new int[256];

    private long[] goalX = new long[8];
    private long[] goalY = new long[8];
    private long[] goalRange = new long[8];
    private int goalCount;
    private boolean flee;
    private double heuristicWeight;

    /** Set while a search runs; the pool hands out idle states only (a room callback may search again). */
    boolean inUse;

    SearchState(PathFinderTerrain terrain) {
        super(terrain);
    }

    @Override
    void roomAdded(int roomCount) {
        int nodes = roomCount * ROOM_TILES;
        if (parents.length < nodes) {
            int grown = Math.min(MAX_ROOMS, Math.max(roomCount, 2 * parents.length / ROOM_TILES)) * ROOM_TILES;
            parents = Arrays.copyOf(parents, grown);
            openClosed = Arrays.copyOf(openClosed, grown);
            heap.ensureCapacity(grown);
        }
    }

    @Override
    int parentX(int index) {
        return xOf(parents[index]);
    }

    @Override
    int parentY(int index) {
        return yOf(parents[index]);
    }

    @Override
    int heuristic(int xx, int yy) {
        long px = xx & UINT32;
        long py = yy & UINT32;
        if (flee) {
            long ret = 0;
            for (int i = 0; i < goalCount; i++) {
                long dist = Math.max(Math.abs(px - goalX[i]), Math.abs(py - goalY[i]));
                if (dist < goalRange[i]) {
                    ret = Math.max(ret, goalRange[i] - dist);
                }
            }
            return (int) ret;
        }
        long ret = UINT32;
        for (int i = 0; i < goalCount; i++) {
            long dist = Math.max(Math.abs(px - goalX[i]), Math.abs(py - goalY[i]));
            if (dist > goalRange[i]) {
                ret = Math.min(ret, dist - goalRange[i]);
            } else {
                ret = 0;
            }
        }
        return (int) ret;
    }

    /**
     * {@code cost_t(h * heuristic_weight)}: the float64 product truncated the way x86-64 converts double to
     * uint32 (through a signed 64-bit conversion; NaN and out-of-range give 0).
     */
    private int weighted(int h) {
        double v = (h & UINT32) * heuristicWeight;
        if (!(v > -9.223372036854775808E18 && v < 9.223372036854775808E18)) {
            return 0;
        }
        return (int) (long) v;
    }

    @Override
    void pushNode(int parentIndex, int xx, int yy, int gCost) {
        int index = indexOf(xx, yy);
        int mark = openClosed[index];
        if (mark == marker + 1) {
            return;
        }
        int fCost = weighted(heuristic(xx, yy)) + gCost;
        if (mark == marker) {
            if (Integer.compareUnsigned(heap.priority(index), fCost) > 0) {
                heap.update(index, fCost);
                parents[index] = parentIndex;
            }
        } else {
            heap.insert(index, fCost);
            openClosed[index] = marker;
            parents[index] = parentIndex;
        }
    }

    private void clearOpenClosed() {
        if (Integer.MAX_VALUE - 2 <= marker) {
            Arrays.fill(openClosed, 0);
            marker = 1;
        } else {
            marker += 2;
        }
    }

    private void setGoals(int[] goals) {
        int n = goals.length / 3;
        if (goalX.length < n) {
            goalX = new long[n];
            goalY = new long[n];
            goalRange = new long[n];
        }
        for (int i = 0; i < n; i++) {
            goalRange[i] = goals[3 * i] & UINT32;
            goalX[i] = goals[3 * i + 1] & UINT32;
            goalY[i] = goals[3 * i + 2] & UINT32;
        }
        goalCount = n;
    }

    /**
     * Runs one search; see {@link PathFinder#search} for the parameters.
     *
     * @throws TerrainNotLoadedException if a room without terrain had to be loaded
     */
    PathResult search(int originXX, int originYY, int[] goals, RoomCallback callback, int plainCost, int swampCost,
                      int maxRooms, int maxOps, int maxCost, boolean flee, double heuristicWeight) {
        resetRooms(callback, plainCost, swampCost, maxRooms);
        setGoals(goals);
        clearOpenClosed();
        heap.clear();
        this.flee = flee;
        this.heuristicWeight = heuristicWeight;
        int opsRemaining = maxOps;
        int minH = -1;
        int minG = -1;

        if (heuristic(originXX, originYY) == 0) {
            return PathResult.ORIGIN_SATISFIES_GOAL;
        }
        if (slotOf(roomIdOf(originXX, originYY)) == 0) {
            return PathResult.ORIGIN_ROOM_BLOCKED;
        }
        int minNode = indexOf(originXX, originYY);
        astar(minNode, originXX, originYY, 0);

        while (!heap.isEmpty() && opsRemaining != 0) {
            int current = heap.pop();
            int fCost = heap.priority(current);
            openClosed[current] = marker + 1;
            int xx = xOf(current);
            int yy = yOf(current);
            int h = heuristic(xx, yy);
            int g = fCost - weighted(h);
            if (h == 0) {
                minNode = current;
                minH = 0;
                minG = g;
                break;
            } else if (Integer.compareUnsigned(h, minH) < 0) {
                minNode = current;
                minH = h;
                minG = g;
            }
            if (Integer.compareUnsigned(g + h, maxCost) > 0) {
                break;
            }
            jps(current, xx, yy, g);
            --opsRemaining;
        }
        int[] path = reconstruct(minNode, originXX, originYY);
        return new PathResult(PathResult.Kind.SEARCHED, path, (maxOps - opsRemaining) & UINT32, minG & UINT32,
                minH != 0);
    }

    private int[] reconstruct(int endIndex, int originXX, int originYY) {
        int n = 0;
        int index = endIndex;
        int xx = xOf(index);
        int yy = yOf(index);
        while (xx != originXX || yy != originYY) {
            n = append(n, xx, yy);
            index = parents[index];
            int nx = xOf(index);
            int ny = yOf(index);
            if (Integer.compareUnsigned(range(nx, ny, xx, yy), 1) > 0) {
                int dx = Integer.signum(nx - xx);
                int dy = Integer.signum(ny - yy);
                do {
                    xx += dx;
                    yy += dy;
                    n = append(n, xx, yy);
                } while (Integer.compareUnsigned(range(xx, yy, nx, ny), 1) > 0);
            }
            xx = nx;
            yy = ny;
        }
        return Arrays.copyOf(pathBuffer, n);
    }

    private int append(int n, int xx, int yy) {
        if (n + 2 > pathBuffer.length) {
            pathBuffer = Arrays.copyOf(pathBuffer, pathBuffer.length * 2);
        }
        pathBuffer[n] = xx;
        pathBuffer[n + 1] = yy;
        return n + 2;
    }
}
