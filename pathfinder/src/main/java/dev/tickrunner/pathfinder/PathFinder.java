package dev.tickrunner.pathfinder;

import java.util.Objects;

/**
 * Screeps' native path finder ({@code native.search} of {@code @screeps/driver} 5.3.0), answer-for-answer: same
 * path, ops, cost and incomplete flag, and the same room-callback call sequence.
 *
 * <p>Thread-safe: any number of threads may call {@link #search} at once. Each thread keeps two reusable search
 * states (a room callback may itself search, as in the native); a third nested search on one thread gets a fresh,
 * unpooled state. A search allocates only its result and grows per-thread arrays by the rooms it loads.
 *
 * <p>Numbers the native takes as {@code uint32} are passed as the {@code int} with the same 32 bits (convert a
 * JS number with {@code ToUint32}, i.e. {@code value >>> 0}, then {@code (int) (long) value}).
 *
 * <p>Mirrors: driver native/src/main.cc search (a free per-thread path finder, else a new one) and
 * driver native/src/pf.cc path_finder_t::search.
 */
public final class PathFinder {
    private final PathFinderTerrain terrain;
    private final ThreadLocal<SearchState[]> pool;

    /**
     * @param terrain the world's terrain, shared
     * @throws NullPointerException if {@code terrain} is null
     */
    public PathFinder(PathFinderTerrain terrain) {
        this.terrain = Objects.requireNonNull(terrain, "terrain");
        this.pool = ThreadLocal.withInitial(() -> new SearchState[2]);
    }

    /** @return the terrain this path finder searches */
    PathFinderTerrain terrain() {
        return terrain;
    }

    /**
     * Runs one search, exactly as the native does.
     *
     * @param originXX        world column of the start tile, {@code 50*roomXX + x}
     * @param originYY        world row of the start tile, {@code 50*roomYY + y}
     * @param goals           triples {@code [range, xx, yy, ...]} (uint32 each); {@code length / 3} goals are used.
     *                        An empty list makes every heuristic uint32 max (the native's behaviour).
     * @param callback        the per-room callback, or null for terrain only (native: {@code undefined})
     * @param plainCost       cost of a plain tile (uint32; 4294967295 makes plains impassable)
     * @param swampCost       cost of a swamp tile (uint32)
     * @param maxRooms        room slots (the native keeps the low 8 bits; above 64 is treated as 64)
     * @param maxOps          node expansion budget (uint32)
     * @param maxCost         stop when a popped node's g + h exceeds this (uint32; 4294967295 = unlimited)
     * @param flee            search away from the goals instead of towards them
     * @param heuristicWeight float64 weight of h in the priority
     * @return the native's answer
     * @throws NullPointerException      if {@code goals} is null
     * @throws TerrainNotLoadedException if the search had to load a room that has no terrain (the native throws
     *                                   the JS error {@code Could not load terrain data}); nothing is returned then
     * @throws RuntimeException          whatever the callback throws, unchanged (the native rethrows JS errors)
     */
    public PathResult search(int originXX, int originYY, int[] goals, RoomCallback callback, int plainCost,
                             int swampCost, int maxRooms, int maxOps, int maxCost, boolean flee,
                             double heuristicWeight) {
        Objects.requireNonNull(goals, "goals");
        SearchState state = acquire();
        state.inUse = true;
        try {
            return state.search(originXX, originYY, goals, callback, plainCost, swampCost, maxRooms, maxOps, maxCost,
                    flee, heuristicWeight);
        } finally {
            state.inUse = false;
        }
    }

    private SearchState acquire() {
        SearchState[] states = pool.get();
        for (int i = 0; i < states.length; i++) {
            SearchState s = states[i];
            if (s == null) {
                s = new SearchState(terrain);
                states[i] = s;
            }
            if (!s.inUse) {
                return s;
            }
        }
        return new SearchState(terrain);
    }
}
