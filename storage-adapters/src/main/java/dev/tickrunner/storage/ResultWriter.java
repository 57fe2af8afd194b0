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
     * Saves a tick that returned. All Redis writes and both publishes go in one MULTI/EXEC transaction, after the
     * MongoDB writes; nothing is written when a limit is exceeded.
     *
     * <p>Idempotent except for {@code users.notifications} ({@code $inc count}, as in Node) and the publishes.
     *
     * @param data   the runtime data the tick ran with (its {@code user} document feeds the CPU bucket arithmetic)
     * @param result what the sandbox returned
     * @throws StorageLimitExceededException if {@code memory.length() > 2 MB} or a segment is over 100 KB or its id
     *                                       is not in 0–99; the message is the Node text
     * @throws com.mongodb.MongoException    if MongoDB fails
     * @throws io.lettuce.core.RedisException if Redis fails (the transaction is then not applied)
     */
    void save(RuntimeData data, TickResult result);

    /**
     * Reports a tick that produced no result: publishes {@code {userId, error}} on {@code user:<id>/console} and
     * upserts the error notification ({@code users.notifications}, type {@code error}); a watchdog failure also
     * publishes {@code {cpu: "error"}} on {@code user:<id>/cpu} as make.js does. Users {@code 2} (Invader) and
     * {@code 3} (Source Keeper) get nothing. Not idempotent ({@code $inc count}).
     *
     * @param failure what failed and the text the player sees
     */
    void saveFailure(TickFailure failure);
}
