package dev.tickrunner.pathfinder;

import java.util.Arrays;

import static dev.tickrunner.pathfinder.WorldCoords.rem50;
import static dev.tickrunner.pathfinder.WorldCoords.roomIdOf;

/**
 * The rooms one search has loaded, and the tile-cost lookup on top of them. A room is loaded the first time the
 * search looks at one of its tiles: while fewer than {@code maxRooms} rooms are loaded, the callback is asked once;
 * {@code false} blocks the room (no slot used), anything else takes the next slot (with or without a cost matrix).
 * Positions are world coordinates held as uint32 bit patterns in {@code int}s.
 *
 * <p>Cleared for every search in time proportional to the rooms it touched; the only fixed-size part is the
 * 64 KiB reverse table from room id to slot.
 *
 * <p>Mirrors: driver native/src/pf.cc path_finder_t::room_index_from_pos, path_finder_t::look and
 * driver native/src/pf.h room_info_t::look.
 */
abstract class RoomTable {
    /** The native's {@code obstacle}: uint32 max. */
    static final int OBSTACLE = -1;
    /** Hard room limit of the native ({@code k_max_rooms}). */
    static final int MAX_ROOMS = 64;
    static final int ROOM_TILES = 2500;
    private static final byte BLOCKED_MARK = -1;

    private final PathFinderTerrain terrain;
    private final byte[] slotByRoomId = new byte[1 << 16];
    private int[] touchedRoomIds = new int[MAX_ROOMS];
    private int touchedCount;

    private final int[] roomXX = new int[MAX_ROOMS];
    private final int[] roomYY = new int[MAX_ROOMS];
    private final int[] terrainBlock = new int[MAX_ROOMS];
    private final boolean[] hasMatrix = new boolean[MAX_ROOMS];
    private byte[] matrices = new byte[4 * ROOM_TILES];
    private int roomCount;

    private int maxRooms;
    private RoomCallback callback;
    private final int[] lookTable = {OBSTACLE, OBSTACLE, OBSTACLE, OBSTACLE};

    RoomTable(PathFinderTerrain terrain) {
        this.terrain = terrain;
    }

    /** Called after a room took slot {@code roomCount - 1}; node arrays must then hold {@code roomCount * 2500}. */
    abstract void roomAdded(int roomCount);

    /** Forgets every room of the previous search and sets this search's room parameters. */
    final void resetRooms(RoomCallback callback, int plainCost, int swampCost, int maxRooms) {
        for (int i = 0; i < touchedCount; i++) {
            slotByRoomId[touchedRoomIds[i]] = 0;
        }
        touchedCount = 0;
        roomCount = 0;
        this.callback = callback;
        this.maxRooms = Math.min(MAX_ROOMS, maxRooms & 0xff);
        lookTable[0] = plainCost;
        lookTable[2] = swampCost;
    }

    /**
     * @return the 1-based slot of the room, loading it if needed and possible; 0 if it is blocked or no slot is free
     * @throws TerrainNotLoadedException if the room must be loaded but has no terrain
     */
    final int slotOf(int roomId) {
        int slot = slotByRoomId[roomId];
        if (slot > 0) {
            return slot;
        }
        if (slot < 0) {
            return 0;
        }
        return loadRoom(roomId);
    }

    private int loadRoom(int roomId) {
        if (roomCount >= maxRooms) {
            return 0;
        }
        int rx = roomId & 0xff;
        int ry = roomId >>> 8;
        int block = terrain.block(roomId);
        if (block < 0) {
            throw new TerrainNotLoadedException(rx, ry);
        }
        int slot = roomCount;
        int answer = RoomCallback.TERRAIN_ONLY;
        if (callback != null) {
            if (matrices.length < (slot + 1) * ROOM_TILES) {
                matrices = Arrays.copyOf(matrices, Math.min(MAX_ROOMS, slot * 2 + 2) * ROOM_TILES);
            }
            answer = callback.loadRoom(rx, ry, matrices, slot * ROOM_TILES);
        }
        if (touchedCount == touchedRoomIds.length) {
            touchedRoomIds = Arrays.copyOf(touchedRoomIds, touchedCount * 2);
        }
        touchedRoomIds[touchedCount++] = roomId;
        if (answer == RoomCallback.BLOCKED) {
            slotByRoomId[roomId] = BLOCKED_MARK;
            return 0;
        }
        hasMatrix[slot] = answer == RoomCallback.MATRIX;
        roomXX[slot] = rx;
        roomYY[slot] = ry;
        terrainBlock[slot] = block;
        roomCount = slot + 1;
        slotByRoomId[roomId] = (byte) roomCount;
        roomAdded(roomCount);
        return roomCount;
    }

    /**
     * @return the uint32 cost of entering world tile (xx, yy), or {@link #OBSTACLE}; may load the tile's room
     * @throws TerrainNotLoadedException if the room must be loaded but has no terrain
     */
    final int look(int xx, int yy) {
        int slot = slotOf(roomIdOf(xx, yy));
        if (slot == 0) {
            return OBSTACLE;
        }
        int s = slot - 1;
        int tile = rem50(xx) * 50 + rem50(yy);
        if (hasMatrix[s]) {
            int m = matrices[s * ROOM_TILES + tile] & 0xff;
            if (m != 0) {
                return m == 0xff ? OBSTACLE : m;
            }
        }
        return lookTable[terrain.tile(terrainBlock[s], tile)];
    }

    /**
     * @return the node index of a tile in a loaded room
     * @throws IllegalStateException if the room is not loaded (the native throws "Invalid invocation of
     *                               index_from_pos"; unreachable because nodes are only pushed after a look)
     */
    final int indexOf(int xx, int yy) {
        int slot = slotOf(roomIdOf(xx, yy));
        if (slot == 0) {
            throw new IllegalStateException("Invalid invocation of index_from_pos");
        }
        return (slot - 1) * ROOM_TILES + rem50(xx) * 50 + rem50(yy);
    }

    /** @return world column of a node index */
    final int xOf(int index) {
        int slot = index / ROOM_TILES;
        return (index - slot * ROOM_TILES) / 50 + roomXX[slot] * 50;
    }

    /** @return world row of a node index */
    final int yOf(int index) {
        int slot = index / ROOM_TILES;
        return (index - slot * ROOM_TILES) % 50 + roomYY[slot] * 50;
    }
}
