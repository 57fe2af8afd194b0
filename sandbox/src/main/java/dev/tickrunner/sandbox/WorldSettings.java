package dev.tickrunner.sandbox;

import dev.tickrunner.model.RoomTerrain;
import java.util.List;
import java.util.Objects;

/**
 * What every player context of one shard shares, loaded once per process: the static terrain (Redis
 * {@code terrainData}), the world size ({@code @screeps/common calcWorldSize}, in rooms per side) and the shard name
 * ({@code Game.shard.name}).
 *
 * @param terrain       every room's terrain, in the order of the driver's {@code getAllTerrainData()}
 * @param worldSizeRooms the world size, rooms per side (12 for the initial private-server world)
 * @param shardName     {@code Game.shard.name}, e.g. {@code shard0}
 */
public record WorldSettings(List<RoomTerrain> terrain, int worldSizeRooms, String shardName) {
    /**
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if {@code worldSizeRooms <= 0}
     */
    public WorldSettings {
        terrain = List.copyOf(terrain);
        Objects.requireNonNull(shardName, "shardName");
        if (worldSizeRooms <= 0) {
            throw new IllegalArgumentException("worldSizeRooms must be > 0, was " + worldSizeRooms);
        }
    }
}
