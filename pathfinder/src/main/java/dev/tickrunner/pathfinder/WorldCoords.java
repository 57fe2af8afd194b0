package dev.tickrunner.pathfinder;

/**
 * Arithmetic on the native's world coordinates ({@code xx = 50*roomXX + x}), which are {@code uint32} in C++ and
 * held here as {@code int} bit patterns: division, remainder and comparison are unsigned, so out-of-world values
 * (e.g. {@code 0 - 1}) behave as in the native.
 *
 * <p>Mirrors: driver native/src/pf.cc is_border_pos, is_near_border_pos and driver native/src/pf.h
 * world_position_t::range_to, map_position.
 */
final class WorldCoords {
    private WorldCoords() {
    }

    /** @return {@code v / 50} of the uint32 {@code v} */
    static int div50(int v) {
        return v >= 0 ? v / 50 : (int) ((v & 0xFFFFFFFFL) / 50);
    }

    /** @return {@code v % 50} of the uint32 {@code v} */
    static int rem50(int v) {
        return v >= 0 ? v % 50 : (int) ((v & 0xFFFFFFFFL) % 50);
    }

    /** @return the native room id (map_position_t: both room coordinates truncated to uint8) of a world tile */
    static int roomIdOf(int xx, int yy) {
        return (div50(xx) & 0xff) | (div50(yy) & 0xff) << 8;
    }

    /** @return whether the coordinate is on an exit line (local 0 or 49) */
    static boolean isBorder(int v) {
        return rem50(v + 1) < 2;
    }

    /** @return whether the coordinate is within 1 of an exit line (local 0, 1, 48 or 49) */
    static boolean isNearBorder(int v) {
        return rem50(v + 2) < 4;
    }

    private static int absDiff(int a, int b) {
        return Integer.compareUnsigned(a, b) > 0 ? a - b : b - a;
    }

    /** @return the uint32 Chebyshev distance between two world tiles */
    static int range(int x1, int y1, int x2, int y2) {
        int dx = absDiff(x1, x2);
        int dy = absDiff(y1, y2);
        return Integer.compareUnsigned(dx, dy) >= 0 ? dx : dy;
    }
}
