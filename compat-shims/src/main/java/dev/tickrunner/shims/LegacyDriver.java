package dev.tickrunner.shims;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.model.UserTicket;
import dev.tickrunner.runner.RuntimeCoordinator;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.storage.UserStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Node driver's runner-facing functions under their own names, for code written against {@code @screeps/driver}:
 * each is a few lines over a storage port or the runner. Thread-safe.
 *
 * <p>Mirrors: driver lib/index.js (exports makeRuntime, saveUserMemory, saveUserMemorySegments, sendConsoleMessages,
 * sendConsoleError, getAllUsers, queue), screepsmod-mongo lib/engine/driver.js saveUserIntents, engine src/runner.js
 * saveUserMemoryInterShardSegment. The Node functions return promises; these return when the write is done and throw
 * where the promise would reject.
 */
public final class LegacyDriver {
    private final ShardStorage storage;
    private final UserStore users;
    private final RuntimeCoordinator coordinator;
    private final LegacyQueues queue;

    /**
     * @param storage     the shard's storage (open; its owner closes it)
     * @param shardName   {@code Game.shard.name}, the field {@link #saveUserMemoryInterShardSegment} writes
     * @param coordinator the runner that runs a tick for {@link #makeRuntime}, or null when only the save functions
     *                    are used
     */
    public LegacyDriver(ShardStorage storage, String shardName, RuntimeCoordinator coordinator) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.users = storage.userStore(shardName);
        this.coordinator = coordinator;
        this.queue = new LegacyQueues(storage);
    }

    /**
     * Runs one player's tick: load the runtime data, run the script in its sandbox, save the results.
     *
     * <p>Mirrors: driver lib/runtime/make.js (exports.makeRuntime).
     * Deviates from Node: the tick goes through {@link RuntimeCoordinator#runTicket}, which also settles the ticket
     * (LREM {@code usersIvmProcessing}, which removes nothing when the id was not fetched, and PUBLISH
     * {@code queue_usersIvm_done}); the result is a {@link TickReport}, not make.js's promise of {@code runResult}.
     *
     * @param userId the player
     * @return how the tick ended
     * @throws IllegalStateException if this driver was built without a coordinator
     */
    public TickReport makeRuntime(String userId) {
        if (coordinator == null) {
            throw new IllegalStateException("makeRuntime needs a RuntimeCoordinator");
        }
        return coordinator.runTicket(new UserTicket(userId, System.nanoTime()));
    }

    /**
     * SET {@code memory:<userId>}. Mirrors: driver lib/index.js saveUserMemory.
     *
     * @param userId the player
     * @param memory {@code memory.data}, ≤ 2·1024·1024 characters
     * @throws dev.tickrunner.storage.StorageLimitExceededException if longer ("Script execution has been terminated:
     *                                                              memory allocation limit reached")
     */
    public void saveUserMemory(String userId, String memory) {
        users.saveUserMemory(userId, memory);
    }

    /**
     * HMSET {@code memorySegments:<userId>}; nothing for no segments. Mirrors: driver lib/index.js
     * saveUserMemorySegments.
     *
     * @param segments segment id (0–99, decimal text) → string
     */
    public void saveUserMemorySegments(String userId, Map<String, String> segments) {
        users.saveUserMemorySegments(userId, segments);
    }

    /**
     * HSET {@code interShardMemory:<userId> <shardName> <segment>}. Mirrors: engine src/runner.js
     * {@code driver.saveUserMemoryInterShardSegment(userId, runResult.interShardSegment)}.
     * Deviates from Node: the private-server driver 5.3.0 does not implement this function (the engine calls it only
     * when a runtime returns {@code interShardSegment}, which driver 5.3.0's never does); the key is tickrunner's.
     *
     * @param segment ≤ 100·1024 characters
     * @throws dev.tickrunner.storage.StorageLimitExceededException if longer
     */
    public void saveUserMemoryInterShardSegment(String userId, String segment) {
        users.saveUserMemoryInterShardSegment(userId, segment);
    }

    /**
     * Saves stored intents: rooms → {@code roomIntents:<room>} and {@code activeRooms}, {@code notify},
     * {@code global}, {@code market}. Mirrors: screepsmod-mongo lib/engine/driver.js saveUserIntents.
     * Deviates from Node: {@code global}/{@code market} documents get the _id {@code <userId>:<gameTime>} (the
     * current {@code gameTime}), so calling it twice in one tick leaves one document.
     */
    public void saveUserIntents(String userId, ObjectNode intents) {
        users.saveUserIntents(userId, storage.environment().gameTime(), intents);
    }

    /**
     * PUBLISH {@code user:<userId>/console} {@code {messages: {log, results}, userId}}. Mirrors: driver
     * lib/index.js sendConsoleMessages.
     */
    public void sendConsoleMessages(String userId, List<ConsoleMessage> log, List<String> results) {
        users.sendConsoleMessages(userId, log, results);
    }

    /**
     * PUBLISH {@code user:<userId>/console} {@code {userId, error}} and count the error notification. Mirrors:
     * driver lib/index.js sendConsoleError.
     */
    public void sendConsoleError(String userId, String error) {
        users.sendConsoleError(userId, error);
    }

    /**
     * Mirrors: driver lib/index.js getAllUsers ({@code {active: {$ne: 0}, cpu: {$gt: 0}}}, by
     * {@code lastUsedDirtyTime} descending).
     *
     * @return the users, as JSON documents with string ids
     */
    public List<ObjectNode> getAllUsers() {
        return users.getAllUsers();
    }

    /** @return {@code driver.queue}: {@code create(name)}. Mirrors: driver lib/index.js exports.queue. */
    public LegacyQueues queue() {
        return queue;
    }
}
