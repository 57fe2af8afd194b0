package dev.tickrunner.storage;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
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
    @Idempotent
    void save(RuntimeData data, TickResult result);

    /**
     * Tells the player about a tick that saved no result, from its outcome alone:
     * <ul>
     *   <li>{@link TickOutcome.Failed} whose kind is {@linkplain TickOutcome.Failed.Kind#toldToPlayer() told to the
     *       player}, and {@link TickOutcome.Skipped} with a message (the CPU gate): publishes {@code {userId, error}} on
     *       {@code user:<id>/console} and counts the error notification ({@code users.notifications}, type
     *       {@code error}); a {@link TickOutcome.Failed.Kind#WATCHDOG} failure also publishes {@code {cpu: "error"}}
     *       on {@code user:<id>/cpu} as make.js does;</li>
     *   <li>{@link TickOutcome.StorageUnavailable}: publishes {@code {userId, error: "Tick <gameTime> skipped: storage
     *       unavailable…"}} ({@link PlayerMessages#TICK_SKIPPED}) and writes nothing else (Node has no such
     *       message; a failed save there is only logged);</li>
     *   <li>anything else: nothing.</li>
     * </ul>
     * Users {@code 2} (Invader) and {@code 3} (Source Keeper) get nothing.
     *
     * <p>Idempotent but for the publishes: the notification is counted once per user and tick (keyed by
     * {@code gameTime}), where Node's {@code $inc count} would count a retried report twice.
     *
     * @param userId   the player
     * @param gameTime the tick, ticks (−1 when the runtime data could not be loaded)
     * @param outcome  how the tick ended
     * @throws com.mongodb.MongoException     if MongoDB fails
     * @throws io.lettuce.core.RedisException if Redis fails
     */
    @Idempotent
    void report(String userId, long gameTime, TickOutcome outcome);
}
