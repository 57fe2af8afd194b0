package dev.tickrunner.pathfinder;

/**
 * The per-room callback of a search ({@code options.roomCallback} after the driver wrapper): asked once per search
 * for each room the search looks at, in the native's look order, while a room slot is still free.
 *
 * <p>Mirrors: driver native/src/pf.cc path_finder_t::room_index_from_pos (the call, and how its answer is used).
 */
@FunctionalInterface
public interface RoomCallback {
    /** The room is impassable for this search ({@code false} in JS); it takes no room slot. */
    int BLOCKED = 0;
    /** Use terrain costs only (any other JS answer, or a typed array whose byte length is not 2500). */
    int TERRAIN_ONLY = 1;
    /** The callback wrote a 2500-byte cost matrix (index {@code x*50 + y}; 0 = terrain, 255 = impassable). */
    int MATRIX = 2;
    /**
     * Bytes of one room's cost matrix, 50 × 50: what {@link #MATRIX} writes to {@code matrixOut}, and the byte length
     * a JS answer must have to count as a matrix (see {@link #TERRAIN_ONLY}).
     */
    int MATRIX_BYTES = 2500;

    /**
     * Answers for one room.
     *
     * @param roomXX    world room column (0..255; {@code W<n>} is 127-n, {@code E<n>} is 128+n)
     * @param roomYY    world room row (0..255; {@code N<n>} is 127-n, {@code S<n>} is 128+n)
     * @param matrixOut where to copy the cost matrix when answering {@link #MATRIX}: {@link #MATRIX_BYTES} bytes
     *                  from {@code offset}
     * @param offset    first byte of this room's matrix in {@code matrixOut}
     * @return {@link #BLOCKED}, {@link #TERRAIN_ONLY} or {@link #MATRIX}; any other value means terrain only
     * @throws RuntimeException anything; {@link PathFinder#search} lets it through unchanged and the search ends
     */
    int loadRoom(int roomXX, int roomYY, byte[] matrixOut, int offset);
}
