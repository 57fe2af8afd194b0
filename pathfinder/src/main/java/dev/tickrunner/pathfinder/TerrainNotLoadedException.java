package dev.tickrunner.pathfinder;

/**
 * Thrown by {@link PathFinder#search} when the search needed a room that has no terrain in {@link PathFinderTerrain}.
 * The native throws the JS error {@code Could not load terrain data} in this case; the sandbox module's GraalJS
 * binding ({@code dev.tickrunner.sandbox.pathfinder.PathFinderBinding}) turns this exception into that error, with
 * {@link #MESSAGE} as its message. The exception's own message also names the room; it has no stack trace.
 *
 * <p>Mirrors: driver native/src/pf.cc path_finder_t::room_index_from_pos (terrain pointer is null).
 */
public final class TerrainNotLoadedException extends RuntimeException {
    /** The native's message, used verbatim for the JS error. */
    public static final String MESSAGE = "Could not load terrain data";

    private final int roomXX;
    private final int roomYY;

    /**
     * @param roomXX world room column of the missing room
     * @param roomYY world room row of the missing room
     */
    TerrainNotLoadedException(int roomXX, int roomYY) {
        super(MESSAGE + " (" + PathFinderTerrain.roomName(roomXX, roomYY) + ")", null, false, false);
        this.roomXX = roomXX;
        this.roomYY = roomYY;
    }

    /** @return world room column of the missing room */
    int roomXX() {
        return roomXX;
    }

    /** @return world room row of the missing room */
    int roomYY() {
        return roomYY;
    }
}
