package dev.tickrunner.pathfinder;

import dev.tickrunner.model.RoomTerrain;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static terrain of the whole world as the path finder sees it: built once per process, immutable, and shared
 * read-only by every thread and sandbox.
 *
 * <p>Storage is 2 bits per tile (625 bytes per room) in one array, in the native's tile order {@code x*50 + y}, and a
 * 65536-entry table from the native room id ({@code roomXX | roomYY << 8}, world room coordinates as in
 * {@code lib/path-finder.js parseRoomName}) to the room's block. A room that is not in the list has no terrain: the
 * search reports it with {@link TerrainNotLoadedException} the first time it needs such a room, as the native
 * throws {@code Error('Could not load terrain data')}.
 *
 * <p>Mirrors: driver native/src/pf.cc path_finder_t::load_terrain (and the packing in driver lib/path-finder.js
 * {@code init}): a room listed twice keeps its last entry; the tile value is the terrain digit's low 2 bits.
 */
public final class PathFinderTerrain {
    /** Bytes of packed terrain per room (2 bits per tile). */
    static final int ROOM_BYTES = 625;
    private static final int WORLD_SIZE = 255;
    private static final Pattern ROOM_NAME = Pattern.compile("^([WE])([0-9]+)([NS])([0-9]+)$");

    /** Room id → block number + 1; 0 = no terrain. */
    private final char[] blockByRoomId = new char[1 << 16];
    private final byte[] packed;
    private final int roomCount;

    private PathFinderTerrain(List<RoomTerrain> rooms) {
        packed = new byte[rooms.size() * ROOM_BYTES];
        int blocks = 0;
        for (RoomTerrain room : rooms) {
            int id = roomId(room.room());
            int block = blocks++;
            String terrain = room.terrain();
            int base = block * ROOM_BYTES;
            for (int x = 0; x < 50; x++) {
                for (int y = 0; y < 50; y++) {
                    int tile = x * 50 + y;
                    int bits = (terrain.charAt(y * 50 + x) - '0') & 3;
                    packed[base + (tile >> 2)] |= (byte) (bits << ((tile & 3) * 2));
                }
            }
            blockByRoomId[id] = (char) (block + 1);
        }
        roomCount = (int) new String(blockByRoomId).chars().filter(c -> c != 0).count();
    }

    /**
     * Packs the world's terrain. Call once per process (or per terrain change) and share the result.
     *
     * @param rooms every room of the world, as the driver's {@code getAllTerrainData()} lists them (each terrain
     *              2500 digits, index {@code x + 50·y}, see {@link RoomTerrain}); order only matters for duplicates
     *              (the last wins, as in the native)
     * @return the packed, immutable terrain
     * @throws NullPointerException     if {@code rooms} or an element is null
     * @throws IllegalArgumentException if a room name is not {@code [WE]<n>[NS]<n>} inside the 256×256-room world
     *                                  (the driver wrapper throws {@code Invalid room name} there)
     */
    public static PathFinderTerrain of(List<RoomTerrain> rooms) {
        return new PathFinderTerrain(List.copyOf(rooms));
    }

    /**
     * Converts a room name to the native room id {@code roomXX | roomYY << 8}.
     *
     * <p>Mirrors: driver lib/path-finder.js parseRoomName ({@code W<n>} → 127-n, {@code E<n>} → 128+n; same for N/S).
     *
     * @param roomName e.g. {@code W1N1}
     * @return the room id, 0..65535
     * @throws IllegalArgumentException if the name is malformed or outside the world
     */
    static int roomId(String roomName) {
        Matcher m = ROOM_NAME.matcher(roomName);
        if (!m.matches()) {
            throw new IllegalArgumentException("Invalid room name: " + roomName);
        }
        long rx = (WORLD_SIZE >> 1) + (m.group(1).equals("W") ? -parse(m.group(2)) : parse(m.group(2)) + 1);
        long ry = (WORLD_SIZE >> 1) + (m.group(3).equals("N") ? -parse(m.group(4)) : parse(m.group(4)) + 1);
        if (rx < 0 || rx > WORLD_SIZE || ry < 0 || ry > WORLD_SIZE) {
            throw new IllegalArgumentException("Invalid room name: " + roomName);
        }
        return (int) rx | (int) ry << 8;
    }

    /**
     * Converts world room coordinates back to a room name.
     *
     * <p>Mirrors: driver lib/path-finder.js generateRoomName.
     *
     * @param roomXX world room column, 0..255
     * @param roomYY world room row, 0..255
     * @return e.g. {@code W1N1} for (126, 126)
     */
    static String roomName(int roomXX, int roomYY) {
        int half = WORLD_SIZE >> 1;
        return (roomXX <= half ? "W" + (half - roomXX) : "E" + (roomXX - half - 1))
                + (roomYY <= half ? "N" + (half - roomYY) : "S" + (roomYY - half - 1));
    }

    private static long parse(String digits) {
        return digits.length() > 6 ? Long.MAX_VALUE / 4 : Long.parseLong(digits);
    }

    /** @return how many distinct rooms have terrain */
    int roomCount() {
        return roomCount;
    }

    /**
     * @param roomId native room id {@code roomXX | roomYY << 8}, 0..65535
     * @return the room's terrain block (≥ 0) for {@link #tile}, or -1 when the room has no terrain
     */
    int block(int roomId) {
        return blockByRoomId[roomId] - 1;
    }

    /**
     * @param block a block from {@link #block}
     * @param tile  native tile index {@code x*50 + y}
     * @return 0 plain, 1 wall, 2 swamp, 3 wall
     */
    int tile(int block, int tile) {
        return (packed[block * ROOM_BYTES + (tile >> 2)] >> ((tile & 3) * 2)) & 3;
    }

    /**
     * @param roomName a room name
     * @param x        column 0..49
     * @param y        row 0..49
     * @return the terrain digit 0..3 at that tile, or -1 when the room has no terrain
     * @throws IllegalArgumentException if the room name is invalid
     */
    int terrainAt(String roomName, int x, int y) {
        int block = block(roomId(roomName));
        return block < 0 ? -1 : tile(block, x * 50 + y);
    }

    @Override
    public String toString() {
        return "PathFinderTerrain[rooms=" + roomCount + ", bytes=" + packed.length + "]";
    }
}
