package dev.tickrunner.storage.internal;

/**
 * Redis keys and pub/sub channels of the screepsmod-mongo layout.
 *
 * <p>Mirrors: @screeps/common lib/storage.js env.keys and pubsub.keys, screepsmod-mongo lib/common/index.js
 * ({@code ROOM_INTENTS}, {@code DATABASE_VERSION}).
 */
public final class RedisKeys {
    /** JSON string of room names. */
    public static final String ACCESSIBLE_ROOMS = "accessibleRooms";
    /** JSON {@code {novice, respawn, closed}}. */
    public static final String ROOM_STATUS_DATA = "roomStatusData";
    /** Prefix of the Memory string of a user. */
    public static final String MEMORY = "memory:";
    /** Game time, decimal text. */
    public static final String GAMETIME = "gameTime";
    /** base64 of zlib-deflated JSON {@code [{room, terrain}]}. */
    public static final String TERRAIN_DATA = "terrainData";
    /** Prefix of the room visual keys {@code roomVisual:<userId>,<room>,<gameTime>}. */
    public static final String ROOM_VISUAL = "roomVisual:";
    /** Prefix of the segment hash of a user. */
    public static final String MEMORY_SEGMENTS = "memorySegments:";
    /** Prefix of the public segment ids of a user. */
    public static final String PUBLIC_MEMORY_SEGMENTS = "publicMemorySegments:";
    /** The room event log hash: the key really is {@code roomEventLog:}, field = room. */
    public static final String ROOM_EVENT_LOG = "roomEventLog:";
    /** Prefix of the room history hashes. */
    public static final String ROOM_HISTORY = "roomHistory:";
    /**
     * Prefix of the inter-shard segment hash of a user, {@code interShardMemory:<userId>}: field = shard name, value =
     * the string the player set with {@code InterShardMemory.setLocal} (≤ 100 KB). A hash of its own, so it never
     * collides with {@code publicMemorySegments:<userId>} or {@code memorySegments:<userId>}.
     * Deviates from Node: the private-server driver has no inter-shard memory; this key is tickrunner's.
     */
    public static final String INTER_SHARD_MEMORY = "interShardMemory:";
    /** Set of rooms with intents this tick. */
    public static final String ACTIVE_ROOMS = "activeRooms";
    /** Prefix of the intents hash of a room (screepsmod-mongo). */
    public static final String ROOM_INTENTS = "roomIntents:";
    /** screepsmod-mongo database version. */
    public static final String DATABASE_VERSION = "databaseVersion";
    /** Prefix of the console channel {@code user:<id>/console}. */
    public static final String USER_CHANNEL = "user:";

    private RedisKeys() {
    }
}
