package dev.tickrunner.storage;

import dev.tickrunner.model.RoomTerrain;
import java.util.List;
import java.util.function.Consumer;

/**
 * The shard-wide values the runner and a demo main loop need: game time, the active users, terrain, world size and
 * the {@code runtimeRestart} signal. Thread-safe.
 */
public interface ShardEnvironment {

    /** Pub/sub channel on which the server asks every runner to drop all sandboxes. */
    String RUNTIME_RESTART_CHANNEL = "runtimeRestart";

    /**
     * Reads the game time ({@code parseInt} of Redis {@code gameTime}). Idempotent.
     *
     * <p>Mirrors: @screeps/common index.js getGametime.
     *
     * @return the game time, ticks
     * @throws IllegalStateException if {@code gameTime} is absent or not a number
     */
    long gameTime();

    /**
     * Sets Redis {@code gameTime}. Idempotent.
     *
     * @param gameTimeTicks the new game time, ticks, ≥ 0
     * @throws IllegalArgumentException if {@code gameTimeTicks < 0}
     */
    void setGameTime(long gameTimeTicks);

    /**
     * Lists the users a main loop enqueues: {@code users} with {@code active != 0} and {@code cpu > 0}, sorted by
     * {@code lastUsedDirtyTime} descending (missing = 0; stable). Idempotent.
     *
     * <p>Mirrors: driver lib/index.js getAllUsers.
     *
     * @return user ids in string form
     */
    List<String> activeUserIds();

    /**
     * Reads all room terrain from Redis {@code terrainData} (base64 of zlib-deflated JSON {@code [{room, terrain}]}),
     * in stored order. Idempotent.
     *
     * <p>Mirrors: driver lib/index.js getAllTerrainData. Deviates from Node: when {@code terrainData} is absent the
     * driver fails; this reads {@code rooms.terrain} instead.
     *
     * @return every room's terrain
     */
    List<RoomTerrain> terrain();

    /**
     * Computes the world size over the {@code rooms} collection, quirks included (maxX and maxY start at 0).
     * Idempotent.
     *
     * <p>Mirrors: @screeps/common index.js calcWorldSize (driver lib/index.js connect).
     *
     * @return rooms per side; 0 when there are no rooms
     */
    int worldSize();

    /**
     * Recomputes Redis {@code roomStatusData} ({@code {novice, respawn, closed}}: room → until, ms; a closed room
     * without {@code openTime} → null, the JSON of Infinity) from the {@code rooms} collection, as the main loop does.
     * Idempotent.
     *
     * <p>Mirrors: driver lib/index.js updateRoomStatusData.
     *
     * @param nowMs the wall clock, ms since the epoch
     */
    void updateRoomStatusData(long nowMs);

    /**
     * Subscribes to {@code runtimeRestart}; the callback runs on the Redis event thread and must not block.
     *
     * <p>Mirrors: driver lib/index.js connect('runner') {@code pubsub.subscribe(RUNTIME_RESTART, clearAll)}.
     *
     * @param onRestart receives the message payload
     * @return closing it unsubscribes the callback
     */
    AutoCloseable onRuntimeRestart(Consumer<String> onRestart);
}
