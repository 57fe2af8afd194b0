package dev.tickrunner.pathfinder;

/**
 * What one native search answered.
 *
 * <p>Three shapes, as the native returns them to JS:
 * <ul>
 *   <li>{@link Kind#ORIGIN_SATISFIES_GOAL}: native {@code undefined} (h(origin) = 0; the callback was not called).
 *       The driver wrapper turns it into {@code {path: [], ops: 0, cost: 0, incomplete: false}}.</li>
 *   <li>{@link Kind#ORIGIN_ROOM_BLOCKED}: native {@code -1} (the origin's room could not be loaded: the callback
 *       returned {@code false}, or {@code maxRooms} is 0). The wrapper gives {@code {path: [], ops: 0, cost: 0,
 *       incomplete: true}}.</li>
 *   <li>{@link Kind#SEARCHED}: native {@code {path, ops, cost, incomplete}}.</li>
 * </ul>
 *
 * @param kind       which of the three shapes
 * @param path       world coordinates {@code [xx0, yy0, xx1, yy1, ...]} in the <b>native order</b>: the end node
 *                   first, the first step last, origin excluded, jumps expanded to single steps. Empty unless
 *                   {@code SEARCHED}. The driver wrapper reverses it. Do not modify.
 * @param ops        nodes expanded in the main loop ({@code maxOps - opsRemaining}), 0..4294967295
 * @param cost       g-cost of the end node as uint32 (0..4294967295); 4294967295 when no node was ever popped
 * @param incomplete whether the end node is not a goal tile
 */
public record PathResult(Kind kind, int[] path, long ops, long cost, boolean incomplete) {
    /** The three shapes of a native answer. */
    public enum Kind {
        /** Native {@code undefined}: the origin already satisfies the goals. */
        ORIGIN_SATISFIES_GOAL,
        /** Native {@code -1}: the origin's room is blocked. */
        ORIGIN_ROOM_BLOCKED,
        /** Native result object. */
        SEARCHED
    }

    private static final int[] NO_PATH = new int[0];
    static final PathResult ORIGIN_SATISFIES_GOAL = new PathResult(Kind.ORIGIN_SATISFIES_GOAL, NO_PATH, 0, 0, false);
    static final PathResult ORIGIN_ROOM_BLOCKED = new PathResult(Kind.ORIGIN_ROOM_BLOCKED, NO_PATH, 0, 0, true);

    /** @return number of tiles in {@link #path} */
    int steps() {
        return path.length / 2;
    }

    /**
     * @param step 0..steps()-1 in native order (0 = end node)
     * @return world column {@code xx = 50*roomXX + x} of that tile
     */
    int xx(int step) {
        return path[2 * step];
    }

    /**
     * @param step 0..steps()-1 in native order (0 = end node)
     * @return world row {@code yy = 50*roomYY + y} of that tile
     */
    int yy(int step) {
        return path[2 * step + 1];
    }
}
