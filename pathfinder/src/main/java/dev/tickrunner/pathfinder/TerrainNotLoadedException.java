package dev.tickrunner.pathfinder;

/**
 * A search needed a room that has no terrain in {@link PathFinderTerrain}. The native throws the JS error
 * {@code Could not load terrain data} in this case; {@link PathFinderBinding} turns this exception into that error.
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
    public TerrainNotLoadedException(int roomXX, int roomYY) {
        super(MESSAGE + " (" + PathFinderTerrain.roomName(roomXX, roomYY) + ")", null, false, false);
        this.roomXX = roomXX;
        this.roomYY = roomYY;
    }

    /** @return world room column of the missing room */
    public int roomXX() {
        return roomXX;
    }

    /** @return world room row of the missing room */
    public int roomYY() {
        return roomYY;
    }
}
