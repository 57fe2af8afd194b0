package dev.tickrunner.model;

import java.util.Objects;

/**
 * The static terrain of one room, as the driver's {@code getAllTerrainData()} returns it from the Redis key
 * {@code terrainData} (base64 of zlib-deflated JSON {@code [{room, terrain}]}).
 *
 * @param room    the room name, e.g. {@code W1N1}
 * @param terrain 2500 characters, index {@code x + 50·y}: {@code 0} plain, {@code 1} wall, {@code 2} swamp,
 *                {@code 3} wall (swamp bit and wall bit both set)
 */
public record RoomTerrain(String room, String terrain) {
    /** Tiles per room side. */
    public static final int ROOM_SIZE = 50;

    /**
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if {@code terrain.length() != 2500}
     */
    public RoomTerrain {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(terrain, "terrain");
        if (terrain.length() != ROOM_SIZE * ROOM_SIZE) {
            throw new IllegalArgumentException("terrain of " + room + " must have 2500 characters, had " + terrain.length());
        }
    }
}
