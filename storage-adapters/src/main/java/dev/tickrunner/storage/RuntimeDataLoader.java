package dev.tickrunner.storage;

/**
 * Loads everything one player's tick may read from MongoDB and Redis, after the CPU gate. Thread-safe; caches
 * (accessible rooms 60 s, room status 60 s, market history 3 h, market orders per game time) are shared by all
 * threads, as they are by one Node runner process.
 *
 * <p>Mirrors: driver lib/runtime/make.js getUserData (the CPU gate), driver lib/runtime/data.js get.
 */
public interface RuntimeDataLoader {

    /**
     * Runs the CPU gate and, when it passes, builds the runtime data exactly as data.js does (see
     * {@link dev.tickrunner.model.RuntimeData} for the payload shape).
     *
     * <p>Not idempotent: a skipped tick writes {@code $inc skipTicksPenalty -1} or the bucket refill, and a loaded
     * tick removes the user's console commands from {@code users.console} (data.js removeWhere), so a second call
     * no longer sees them.
     *
     * @param userId the user's id in string form (24-hex ObjectId text or a 15-digit id)
     * @return {@link LoadResult.Ready}, {@link LoadResult.Skipped} or {@link LoadResult.Inactive}
     * @throws com.mongodb.MongoException            if MongoDB fails
     * @throws io.lettuce.core.RedisException         if Redis fails
     */
    LoadResult load(String userId);
}
