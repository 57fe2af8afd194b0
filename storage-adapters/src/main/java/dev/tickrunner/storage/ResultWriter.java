package dev.tickrunner.storage;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickFailure;
import dev.tickrunner.model.TickResult;

/**
 * Saves what one player's tick produced: Memory, memory segments, intents, the users update, public segments, room
 * visuals, and the console and CPU messages. Thread-safe.
 *
 * <p>Mirrors: engine src/runner.js saveResult, driver lib/runtime/make.js after-run writes, driver lib/index.js
 * saveUserMemory, saveUserMemorySegments, sendConsoleMessages, sendConsoleError, screepsmod-mongo
 * lib/engine/driver.js saveUserIntents.
 */
public interface ResultWriter {

    /**
     * Saves a tick that returned. The MongoDB writes go first, in a fixed order, each idempotent; then all Redis
     * writes and both publishes in one MULTI/EXEC; nothing is written when a limit is exceeded.
     *
     * <p>Idempotent: saving the same tick again leaves the same state ({@code users.intents} / {@code market.intents}
     * upserted under {@code <userId>:<gameTime>}, notifications counted once per tick, Redis {@code SET}/{@code HSET}/
     * {@code SADD}/{@code SETEX}); only the console and CPU publishes are repeated. So a retry completes a save that
     * failed half-way.
     *
     * @param data   the runtime data the tick ran with (its {@code user} document feeds the CPU bucket arithmetic)
     * @param result what the sandbox returned
     * @throws StorageLimitExceededException if {@code memory.length() > 2 MB} or a segment is over 100 KB or its id
     *                                       is not in 0–99, or the inter-shard segment is over 100 KB; the message is
     *                                       the Node text
     * @throws com.mongodb.MongoException    if MongoDB fails
     * @throws io.lettuce.core.RedisException if Redis fails (the transaction is then not applied)
     */
    void save(RuntimeData data, TickResult result);

    /**
     * Reports a tick that produced no result: publishes {@code {userId, error}} on {@code user:<id>/console} and
     * upserts the error notification ({@code users.notifications}, type {@code error}); a watchdog failure also
     * publishes {@code {cpu: "error"}} on {@code user:<id>/cpu} as make.js does. Users {@code 2} (Invader) and
     * {@code 3} (Source Keeper) get nothing. Not idempotent ({@code $inc count}, as in Node).
     *
     * @param failure what failed and the text the player sees
     */
    void saveFailure(TickFailure failure);

    /**
     * Tells the player that a tick's results were thrown away because storage failed: publishes
     * {@code {userId, error: "Tick <gameTime> skipped: <reason>"}} ({@link PlayerMessages#TICK_SKIPPED}) on
     * {@code user:<id>/console}. Writes nothing else. Idempotent but for the publish. Users {@code 2} and {@code 3}
     * get nothing.
     *
     * <p>Deviates from Node: Node has no such message; a failed save there is only logged by the runner.
     *
     * @param userId   the player
     * @param gameTime the tick whose results were not saved, or -1 when the runtime data could not be loaded
     * @param reason   a short operator-facing cause, e.g. {@code "storage unavailable"}
     */
    void reportSkipped(String userId, long gameTime, String reason);
}
