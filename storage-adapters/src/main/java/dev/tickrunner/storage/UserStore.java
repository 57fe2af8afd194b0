package dev.tickrunner.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.ConsoleMessage;
import java.util.List;
import java.util.Map;

/**
 * One player's data, written piece by piece the way the Node driver's runner-facing functions write it; the port
 * under {@code compat-shims}' {@code LegacyDriver}. The runner itself saves a tick as one unit through
 * {@link ResultWriter}. Thread-safe.
 *
 * <p>Mirrors: driver lib/index.js saveUserMemory, saveUserMemorySegments, sendConsoleMessages, sendConsoleError,
 * getAllUsers; screepsmod-mongo lib/engine/driver.js saveUserIntents; engine src/runner.js
 * saveUserMemoryInterShardSegment (a call the private-server driver does not implement).
 */
public interface UserStore {

    /**
     * SET {@code memory:<userId>} to {@code memory}. Idempotent.
     *
     * @param userId the player
     * @param memory the RawMemory string, ≤ 2 MB (2·1024·1024 characters)
     * @throws StorageLimitExceededException if {@code memory.length() > 2*1024*1024}, with
     *                                       {@link PlayerMessages#MEMORY_LIMIT_REACHED}; nothing is written
     */
    void saveUserMemory(String userId, String memory);

    /**
     * HSET {@code memorySegments:<userId>} with every entry of {@code segments}; nothing for an empty map. Idempotent.
     *
     * @param userId   the player
     * @param segments segment id (0–99, decimal text) → string
     */
    void saveUserMemorySegments(String userId, Map<String, String> segments);

    /**
     * HSET {@code interShardMemory:<userId> <shard> <segment>}: the player's {@code InterShardMemory.setLocal} value
     * on this runner's shard. Idempotent.
     *
     * @param userId  the player
     * @param segment the inter-shard segment, ≤ 100 KB (100·1024 characters)
     * @throws StorageLimitExceededException if {@code segment.length() > 100*1024}, with
     *                                       {@link PlayerMessages#INTER_SHARD_LIMIT_EXCEEDED}
     */
    void saveUserMemoryInterShardSegment(String userId, String segment);

    /**
     * Saves stored intents: each room key → HSET {@code roomIntents:<room> <userId> <json>} and SADD
     * {@code activeRooms}; {@code notify} → {@code users.notifications}; {@code global} → {@code users.intents};
     * {@code market} → {@code market.intents} (both under {@code _id <userId>:<gameTime>}). Idempotent.
     *
     * @param userId   the player
     * @param gameTime the tick the intents belong to
     * @param intents  what engine utils.storeIntents returned
     */
    void saveUserIntents(String userId, long gameTime, ObjectNode intents);

    /**
     * PUBLISH {@code user:<userId>/console} {@code {messages: {log, results}, userId}}, {@code log} HTML-escaped
     * where asked. Users {@code 2} and {@code 3} publish nothing. Not idempotent (a publish).
     *
     * @param userId  the player
     * @param log     console.log lines
     * @param results console command results
     */
    void sendConsoleMessages(String userId, List<ConsoleMessage> log, List<String> results);

    /**
     * PUBLISH {@code user:<userId>/console} {@code {userId, error}} and count the error notification. Nothing for an
     * empty error or users {@code 2} and {@code 3}. Not idempotent ({@code $inc count}, as Node).
     *
     * @param userId the player
     * @param error  the error text
     */
    void sendConsoleError(String userId, String error);

    /**
     * @return the {@code users} documents with {@code active != 0} and {@code cpu > 0}, as JSON with string ids,
     *         sorted by {@code lastUsedDirtyTime} descending (missing = 0)
     */
    List<ObjectNode> getAllUsers();
}
